package io.jointcs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.SyntheticImages;
import io.jointcs.json.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The train -> eval -> prune -> export -> split eval workflow through the real command line, on tiny data. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineWorkflowTest {
  @TempDir static Path dir;
  static Path data;

  record Run(int exitCode, String out, String err) {
    JsonNode json() throws Exception {
      return Json.mapper().readTree(out);
    }
  }

  @BeforeAll
  static void writeDataset() throws Exception {
    System.setProperty("jointcs.cache", dir.resolve("cache").toString());
    data = dir.resolve("data");
    LabeledImages images = SyntheticImages.generate(4, 24, 3);
    for (int i = 0; i < images.size(); i++) {
      Path file = data.resolve("train").resolve(images.classNames().get(images.labels()[i]))
          .resolve(String.format("%03d.png", i));
      Files.createDirectories(file.getParent());
      ImageIO.write(toImage(images, i), "png", file.toFile());
    }
  }

  private static BufferedImage toImage(LabeledImages images, int index) {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    int base = index * LabeledImages.IMAGE_BYTES;
    byte[] p = images.pixels();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        int o = y * 32 + x;
        image.setRGB(x, y, (p[base + o] & 0xFF) << 16 | (p[base + 1024 + o] & 0xFF) << 8 | (p[base + 2048 + o] & 0xFF));
      }
    }
    return image;
  }

  static Run run(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      var commandLine = JointcsCli.newCommandLine();
      commandLine.setErr(new java.io.PrintWriter(System.err, true));
      int code = commandLine.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  @Test
  @Order(1)
  void trainsExportsAndEvaluates() throws Exception {
    Run train = run("train", "--arch", "resnet20", "--data", data.toString(), "--epochs", "1", "--batch-size", "16",
        "--checkpoint", dir.resolve("ckpt").toString(), "--out", dir.resolve("model.jcsm").toString(), "--json");
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.json().get("globalStep").asLong()).isEqualTo(5); // 86 training images / 16
    assertThat(dir.resolve("model.jcsm")).isRegularFile();

    Run eval = run("eval", "--model", dir.resolve("model.jcsm").toString(), "--data", data.toString(), "--json");
    assertThat(eval.exitCode()).as(eval.err()).isZero();
    // 10% of each class of 24 is held out: 2 per class after rounding
    assertThat(eval.json().get("images").asInt()).isEqualTo(8);
    assertThat(eval.json().get("part").asText()).isEqualTo("validation");
  }

  @Test
  @Order(2)
  void prunesSplitsAndEvaluatesTheHalves() throws Exception {
    Run prune = run("prune", "--model", dir.resolve("model.jcsm").toString(), "--keep", "0.5", "--data",
        data.toString(), "--recalibration-batches", "1", "--finetune-images", "32", "--out",
        dir.resolve("pruned.jcsm").toString(), "--json");
    assertThat(prune.exitCode()).as(prune.err()).isZero();
    JsonNode pruned = prune.json();
    assertThat(pruned.get("widths").get(0).asInt()).isEqualTo(8);
    assertThat(pruned.get("macRatio").asDouble()).isBetween(0.2, 0.3);

    Path halves = dir.resolve("halves");
    Run export = run("export", "--model", dir.resolve("pruned.jcsm").toString(), "--cut", "4", "--quantize", "int8",
        "--out", halves.toString(), "--json");
    assertThat(export.exitCode()).as(export.err()).isZero();
    JsonNode written = export.json();
    assertThat(written.get("head").get("kind").asText()).isEqualTo("HEAD");
    assertThat(written.get("cutBytesPerImage").asLong()).isEqualTo(8L * 32 * 32 + 8);

    Run eval = run("eval", "--head", written.get("head").get("file").asText(), "--tail",
        written.get("tail").get("file").asText(), "--data", data.toString(), "--json");
    assertThat(eval.exitCode()).as(eval.err()).isZero();
    assertThat(eval.json().get("kind").asText()).isEqualTo("HEAD+TAIL");
    assertThat(eval.json().get("quantization").asText()).isEqualTo("INT8");
  }

  @Test
  @Order(3)
  void badInputGetsOneClearLineAndExitCodeTwo() throws Exception {
    Run missing = run("eval", "--model", dir.resolve("nope.jcsm").toString(), "--data", data.toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.jcsm does not exist");

    Run arch = run("train", "--arch", "resnet21", "--data", data.toString(), "--checkpoint",
        dir.resolve("x").toString());
    assertThat(arch.exitCode()).isEqualTo(2);
    assertThat(arch.err()).contains("unknown architecture 'resnet21'");

    Run widths = run("prune", "--model", dir.resolve("model.jcsm").toString(), "--widths", "4,4", "--data",
        data.toString(), "--out", dir.resolve("p.jcsm").toString());
    assertThat(widths.exitCode()).isEqualTo(2);
    assertThat(widths.err()).contains("12 channel groups but the spec gives 2 widths");

    Path corrupt = Files.write(dir.resolve("corrupt.jcsm"), "not a model".getBytes(StandardCharsets.UTF_8));
    Run bad = run("eval", "--model", corrupt.toString(), "--data", data.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("corrupt.jcsm");

    Path flat = Files.createDirectories(dir.resolve("flat/train"));
    try (Stream<Path> files = Files.list(data.resolve("train").resolve(Files.list(data.resolve("train")).findFirst()
        .orElseThrow().getFileName()))) {
      Path one = files.findFirst().orElseThrow();
      Files.copy(one, flat.resolve("loose.png"));
    }
    Run layout = run("eval", "--model", dir.resolve("model.jcsm").toString(), "--data", dir.resolve("flat").toString());
    assertThat(layout.exitCode()).isEqualTo(2);
    assertThat(layout.err()).contains("class");
  }
}
