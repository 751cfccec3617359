package io.jointcs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarExtractorTest {

  @Test
  void extractsFilesDirectoriesAndGnuLongNames(@TempDir Path tmp) throws IOException {
    String longName = "top/" + "d".repeat(120) + "/file.txt";
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    CifarFixtures.writeHeader(tar, "top/", 0, '5');
    CifarFixtures.writeEntry(tar, "top/a.bin", new byte[] {1, 2, 3});
    byte[] nameBytes = (longName + "\0").getBytes(StandardCharsets.UTF_8);
    CifarFixtures.writeHeader(tar, "././@LongLink", nameBytes.length, 'L');
    tar.write(nameBytes);
    tar.write(new byte[CifarFixtures.BLOCK - nameBytes.length % CifarFixtures.BLOCK]);
    CifarFixtures.writeEntry(tar, "top/truncated-name", "long".getBytes(StandardCharsets.UTF_8));
    CifarFixtures.writeEntry(tar, "top/empty", new byte[0]);
    tar.write(new byte[2 * CifarFixtures.BLOCK]);

    Path out = tmp.resolve("out");
    var written = TarExtractor.extract(new ByteArrayInputStream(tar.toByteArray()), out, "test.tar");
    assertThat(written).hasSize(3);
    assertThat(Files.readAllBytes(out.resolve("top/a.bin"))).containsExactly(1, 2, 3);
    assertThat(Files.readString(out.resolve(longName))).isEqualTo("long");
    assertThat(Files.size(out.resolve("top/empty"))).isZero();
  }

  @Test
  void entriesClimbingOutOfTheTargetAreRefused(@TempDir Path tmp) throws IOException {
    for (String name : new String[] {"../evil.txt", "top/../../evil.txt", "/etc/evil.txt"}) {
      ByteArrayOutputStream tar = new ByteArrayOutputStream();
      CifarFixtures.writeEntry(tar, name, new byte[] {1});
      assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(tar.toByteArray()), tmp.resolve("out"), "t"))
          .isInstanceOf(IOException.class).hasMessageContaining(name);
    }
    assertThat(tmp.resolve("evil.txt")).doesNotExist();
  }

  @Test
  void linksAndCorruptHeadersAreRefused(@TempDir Path tmp) throws IOException {
    ByteArrayOutputStream link = new ByteArrayOutputStream();
    CifarFixtures.writeHeader(link, "top/link", 0, '2');
    assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(link.toByteArray()), tmp, "t"))
        .hasMessageContaining("type '2'");

    byte[] corrupt = link.toByteArray().clone();
    corrupt[0] ^= 1;
    assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(corrupt), tmp, "t"))
        .hasMessageContaining("corrupt header");

    ByteArrayOutputStream cut = new ByteArrayOutputStream();
    CifarFixtures.writeHeader(cut, "top/big", 5000, '0');
    cut.write(new byte[100]);
    assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(cut.toByteArray()), tmp, "t"))
        .hasMessageContaining("truncated").hasMessageContaining("100 of its 5000 bytes");
  }
}
