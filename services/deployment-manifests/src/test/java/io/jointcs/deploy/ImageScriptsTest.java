package io.jointcs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image scripts on small synthetic images, without Docker, network or root: smoke-run-image unpacks layers in
 * order and honours whiteouts, and refuses what it cannot run; docker-load-to-file refuses an image of the wrong
 * architecture; build-base-image rejects bad arguments before it touches a package. (Building the base image and
 * running the real images is manual: docs/deploy.md.)
 */
class ImageScriptsTest {
  static final String SMOKE = ImageRuntimeAgreementTest.BASE_IMAGE_DIR + "smoke-run-image";
  static final String BUILD = ImageRuntimeAgreementTest.BASE_IMAGE_DIR + "build-base-image";
  static final String LOADER = "services/deployment-manifests/src/main/jib/docker-load-to-file";

  record Result(int exit, String output) {}

  @BeforeAll
  static void toolsAreThere() {
    for (String tool : List.of("bash", "tar", "gzip", "python3")) {
      assumeTrue(onPath(tool), tool + " is not on PATH: the image scripts need it (these checks cannot run here)");
    }
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  static Result run(Map<String, String> env, Path stdin, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static String script(String relative) {
    Path path = Repo.path(relative);
    assertThat(Files.isExecutable(path)).as(relative + " is executable").isTrue();
    return path.toString();
  }

  static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** A Docker-format image tarball (docker save layout) of these layer directories, the last one gzip-compressed. */
  static Path image(Path work, String architecture, List<Path> layerDirs) throws Exception {
    Path out = Files.createDirectories(work.resolve("image-" + architecture));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < layerDirs.size(); i++) {
      boolean gzip = i == layerDirs.size() - 1 && i > 0;
      String name = "layer" + i + (gzip ? ".tar.gz" : ".tar");
      Result tar = run(Map.of(), null, "tar", gzip ? "-czf" : "-cf", out.resolve(name).toString(), "-C",
          layerDirs.get(i).toString(), ".");
      assertThat(tar.exit()).as(tar.output()).isZero();
      names.add("\"" + name + "\"");
    }
    Files.writeString(out.resolve("config.json"), "{\"architecture\":\"" + architecture + "\",\"os\":\"linux\","
        + "\"config\":{\"User\":\"185\",\"Env\":[\"PATH=/usr/bin:/bin\"],\"WorkingDir\":\"/app\","
        + "\"Entrypoint\":[\"/bin/true\"],\"ExposedPorts\":{\"8080/tcp\":{}}},\"rootfs\":{\"type\":\"layers\"}}");
    Files.writeString(out.resolve("manifest.json"), "[{\"Config\":\"config.json\",\"RepoTags\":[\"t:1\"],"
        + "\"Layers\":[" + String.join(",", names) + "]}]");
    Path tarball = work.resolve("image-" + architecture + ".tar");
    List<String> command = new ArrayList<>(List.of("tar", "-cf", tarball.toString(), "-C", out.toString(),
        "manifest.json", "config.json"));
    for (String name : names) {
      command.add(name.replace("\"", ""));
    }
    Result tar = run(Map.of(), null, command.toArray(String[]::new));
    assertThat(tar.exit()).as(tar.output()).isZero();
    return tarball;
  }

  @Test
  void layersAreUnpackedInOrderAndWhiteoutsDeleteWhatTheLayersBelowPutThere(@TempDir Path work) throws Exception {
    Path lower = work.resolve("lower");
    write(lower.resolve("etc/keep"), "base");
    write(lower.resolve("etc/gone"), "deleted by a whiteout");
    write(lower.resolve("etc/replaced"), "old");
    write(lower.resolve("opaque/old-a"), "hidden by an opaque whiteout");
    write(lower.resolve("opaque/old-dir/b"), "hidden too");
    write(lower.resolve("tree/deep/file"), "a deleted directory");
    Path upper = work.resolve("upper");
    write(upper.resolve("etc/.wh.gone"), "");
    write(upper.resolve("etc/replaced"), "new");
    write(upper.resolve("opaque/.wh..wh..opq"), "");
    write(upper.resolve("opaque/new"), "the upper layer's own file stays");
    write(upper.resolve("tree/.wh.deep"), "");
    write(upper.resolve("app/run"), "app");
    Path tarball = image(work, "amd64", List.of(lower, upper));
    Path rootfs = work.resolve("rootfs");

    Result result = run(Map.of(), null, script(SMOKE), tarball.toString(), "--unpack-only", "--rootfs",
        rootfs.toString());

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("amd64, user 185, workdir /app, ports 8080/tcp");
    assertThat(rootfs.resolve("etc/keep")).hasContent("base");
    assertThat(rootfs.resolve("etc/gone")).doesNotExist();
    assertThat(rootfs.resolve("etc/replaced")).hasContent("new");
    assertThat(rootfs.resolve("opaque/old-a")).doesNotExist();
    assertThat(rootfs.resolve("opaque/old-dir")).doesNotExist();
    assertThat(rootfs.resolve("opaque/new")).hasContent("the upper layer's own file stays");
    assertThat(rootfs.resolve("tree/deep")).doesNotExist();
    assertThat(rootfs.resolve("tree")).isDirectory();
    assertThat(rootfs.resolve("app/run")).hasContent("app");
    try (var files = Files.walk(rootfs)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".wh."));
    }
  }

  @Test
  void anImageOfAnotherArchitectureOrNoImageIsRefusedWithAReason(@TempDir Path work) throws Exception {
    Path layer = work.resolve("layer");
    write(layer.resolve("bin/true"), "");
    Path foreign = image(work, "riscv64", List.of(layer));

    Result refused = run(Map.of(), null, script(SMOKE), foreign.toString(), "--expect", "never");
    assertThat(refused.exit()).as(refused.output()).isEqualTo(2);
    assertThat(refused.output()).contains("the image is riscv64").contains("not run");

    Result missing = run(Map.of(), null, script(SMOKE), work.resolve("nothing.tar").toString(), "--unpack-only");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.output()).contains("no such image tarball");

    Path notAnImage = work.resolve("plain.tar");
    assertThat(run(Map.of(), null, "tar", "-cf", notAnImage.toString(), "-C", layer.toString(), ".").exit()).isZero();
    Result plain = run(Map.of(), null, script(SMOKE), notAnImage.toString(), "--unpack-only");
    assertThat(plain.exit()).isEqualTo(2);
    assertThat(plain.output()).contains("not a Docker-format image tarball");

    Result nothingToCheck = run(Map.of(), null, script(SMOKE), foreign.toString());
    assertThat(nothingToCheck.exit()).isEqualTo(2);
    assertThat(nothingToCheck.output()).contains("--health URL or --expect REGEX");
  }

  @Test
  void theStandInDockerLoadKeepsAnImageOfTheBuildsArchitectureAndRefusesAnother(@TempDir Path work)
      throws Exception {
    Path layer = work.resolve("layer");
    write(layer.resolve("hello"), "hi");
    Path arm = image(work, "arm64", List.of(layer));
    Path amd = image(work, "amd64", List.of(layer));
    Path kept = work.resolve("out/jib-image.tar");

    Result wrong = run(Map.of("JOINTCS_IMAGE_TARBALL", kept.toString(), "JOINTCS_IMAGE_ARCH", "x86_64"), arm,
        script(LOADER), "load");
    assertThat(wrong.exit()).as(wrong.output()).isEqualTo(1);
    assertThat(wrong.output()).contains("the image is linux/arm64 but this build is for linux/amd64");
    assertThat(kept).doesNotExist();
    assertThat(kept.resolveSibling("jib-image.tar.part")).doesNotExist();

    Result right = run(Map.of("JOINTCS_IMAGE_TARBALL", kept.toString(), "JOINTCS_IMAGE_ARCH", "x86_64"), amd,
        script(LOADER), "load");
    assertThat(right.exit()).as(right.output()).isZero();
    assertThat(kept).hasSameBinaryContentAs(amd);

    Result arm64Build = run(Map.of("JOINTCS_IMAGE_TARBALL", kept.toString(), "JOINTCS_IMAGE_ARCH", "aarch64"), arm,
        script(LOADER), "load");
    assertThat(arm64Build.exit()).as(arm64Build.output()).isZero();
    assertThat(kept).hasSameBinaryContentAs(arm);
  }

  @Test
  void theStandInDockerLoadRefusesAnImageWhosePyTorchNativesAreOfAnotherArchitecture(@TempDir Path work)
      throws Exception {
    Path base = work.resolve("base");
    write(base.resolve("usr/bin/java"), "");
    Path app = work.resolve("app");
    write(app.resolve("home/jboss/lib/main/ai.djl.pytorch.pytorch-native-cpu-2.7.1-linux-aarch64.jar"), "");
    write(app.resolve("home/jboss/lib/main/ai.djl.api-0.36.0.jar"), "");
    Path amdWithArmNatives = image(work, "amd64", List.of(base, app));   // the natives in the gzip-compressed layer
    Path kept = work.resolve("out/jib-image.tar");

    Result wrong = run(Map.of("JOINTCS_IMAGE_TARBALL", kept.toString(), "JOINTCS_IMAGE_ARCH", "x86_64"),
        amdWithArmNatives, script(LOADER), "load");
    assertThat(wrong.exit()).as(wrong.output()).isEqualTo(1);
    assertThat(wrong.output()).contains("carries PyTorch natives for linux-aarch64 only, not linux-x86_64");
    assertThat(kept).doesNotExist();

    Path both = work.resolve("both");
    write(both.resolve("app/libs/pytorch-native-cpu-2.7.1-linux-aarch64.jar"), "");
    write(both.resolve("app/libs/pytorch-native-cpu-2.7.1-linux-x86_64.jar"), "");
    Path agentLike = image(work.resolve("agent"), "amd64", List.of(both));   // one uncompressed layer
    Result right = run(Map.of("JOINTCS_IMAGE_TARBALL", kept.toString(), "JOINTCS_IMAGE_ARCH", "x86_64"), agentLike,
        script(LOADER), "load");
    assertThat(right.exit()).as(right.output()).isZero();
    assertThat(kept).hasSameBinaryContentAs(agentLike);
  }

  @Test
  void buildBaseImageRejectsBadArgumentsBeforeItFetchesAnything(@TempDir Path work) throws Exception {
    String build = script(BUILD);
    Result arch = run(Map.of(), null, build, "--arch", "x86_64", "--out", work.resolve("b.tar").toString());
    assertThat(arch.exit()).isEqualTo(1);
    assertThat(arch.output()).contains("unsupported --arch 'x86_64': amd64 or arm64");

    Result noArch = run(Map.of(), null, build, "--out", work.resolve("b.tar").toString());
    assertThat(noArch.exit()).isEqualTo(1);
    assertThat(noArch.output()).contains("--arch is required");

    Result noOut = run(Map.of(), null, build, "--arch", "arm64");
    assertThat(noOut.exit()).isEqualTo(1);
    assertThat(noOut.output()).contains("--out FILE.tar is required");

    Result offline = run(Map.of(), null, build, "--arch", "arm64", "--out", work.resolve("b.tar").toString(),
        "--offline");
    assertThat(offline.exit()).isEqualTo(1);
    assertThat(offline.output()).contains("--offline needs --cache DIR");

    Path emptyCache = Files.createDirectories(work.resolve("cache"));
    Result empty = run(Map.of(), null, build, "--arch", "arm64", "--out", work.resolve("b.tar").toString(),
        "--offline", "--cache", emptyCache.toString());
    assertThat(empty.exit()).isEqualTo(1);
    assertThat(empty.output()).contains("no .deb files in");
  }
}
