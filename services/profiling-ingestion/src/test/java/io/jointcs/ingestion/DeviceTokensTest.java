package io.jointcs.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceTokensTest {
  @TempDir
  Path dir;

  @Test
  void aTokenAuthenticatesTheDeviceWhoseDigestIsConfiguredInPropertiesOrTheSecretFile() throws Exception {
    // Given pi-1's digest in the configuration and pi-2's in a secret file
    Path file = dir.resolve("device-tokens");
    Files.writeString(file, "# device id, sha256 of its token\n\npi-2 " + DeviceTokens.sha256Hex("secret-2") + "\n");
    DeviceTokens tokens = DeviceTokens.of(Map.of("pi-1", DeviceTokens.sha256Hex("secret-1").toUpperCase()),
        Optional.of(file));

    // Then each token names its device, and nothing else does
    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.deviceOf("secret-1")).contains("pi-1");
    assertThat(tokens.deviceOf("secret-2")).contains("pi-2");
    assertThat(tokens.deviceOf("secret-3")).isEmpty();
    assertThat(tokens.deviceOf("")).isEmpty();
    assertThat(tokens.deviceOf(null)).isEmpty();
    // the well-known digest of "abc"
    assertThat(DeviceTokens.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aTokenConfiguredInsteadOfItsDigestIsRefusedWithoutEchoingIt() throws Exception {
    assertThatThrownBy(() -> DeviceTokens.of(Map.of("pi-1", "my-plain-token"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("device pi-1").hasMessageContaining("not the token")
        .hasMessageNotContaining("my-plain-token");
    Path file = dir.resolve("bad");
    Files.writeString(file, "pi-1\n");
    assertThatThrownBy(() -> DeviceTokens.of(Map.of(), Optional.of(file)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
  }
}
