package io.jointcs.cli;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.json.Json;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.SplitModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jointcs export}: a FULL artifact from a training checkpoint, or HEAD + TAIL artifacts at a cut point. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write model artifacts: the FULL model of a training checkpoint (--checkpoint), or the HEAD and "
        + "TAIL of a FULL artifact split at a cut point (--model --cut).")
final class ExportCommand implements Callable<Integer> {
  static final class Source {
    @Option(names = "--checkpoint", description = "training checkpoint directory") Path checkpoint;
    @Option(names = "--model", description = "FULL model artifact to split (with --cut)") Path model;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") Source source;

  @Option(names = "--cut", description = "cut point c: blocks 1..c form the head") Integer cut;

  @Option(names = "--quantize", defaultValue = "none", description = "cut tensor: none or int8 (default: ${DEFAULT-VALUE})")
  String quantize;

  @Option(names = "--out", required = true,
      description = "a file (FULL) or a directory (HEAD and TAIL are written there as <sha256>.jcsm)")
  Path out;

  @Option(names = "--json", description = "print what was written as JSON") boolean json;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> written = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      if (source.checkpoint != null) {
        if (cut != null) {
          throw new IllegalArgumentException("--cut applies to --model; export the checkpoint first, then split it");
        }
        ModelArtifact artifact = ModelArtifact.fromCheckpoint(source.checkpoint, manager);
        written.put("full", describe(artifact, artifact.writeFile(out)));
      } else {
        if (cut == null) {
          throw new IllegalArgumentException("--model needs --cut C to split it into a head and a tail");
        }
        CutQuantization quantization = CutQuantization.valueOf(quantize.toUpperCase(Locale.ROOT));
        Files.createDirectories(out);
        try (Network network = ModelArtifact.readFile(source.model).loadNetwork(manager)) {
          if (quantization == CutQuantization.INT8 && cut >= network.plan().blockCount()) {
            throw new IllegalArgumentException("--quantize int8 at cut " + cut + " would quantize the class scores; "
                + "choose a cut below " + network.plan().blockCount());
          }
          SplitModel split = SplitModel.split(network, cut, quantization);
          ModelArtifact head = ModelArtifact.of(split.head());
          ModelArtifact tail = ModelArtifact.of(split.tail());
          written.put("head", describe(head, head.writeFile(out)));
          written.put("tail", describe(tail, tail.writeFile(out)));
          written.put("cutBytesPerImage", network.plan().cutBytes(cut, quantization.bits()));
        }
      }
    }
    if (json) {
      System.out.println(Json.mapper().writeValueAsString(written));
    } else {
      written.forEach((k, v) -> System.out.println(k + ": " + v));
    }
    return 0;
  }

  private static Map<String, Object> describe(ModelArtifact artifact, Path file) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("file", file.toString());
    d.put("sha256", artifact.sha256());
    d.put("kind", artifact.kind().name());
    d.put("cutPoint", artifact.cutPoint());
    d.put("quantization", artifact.quantization().name());
    d.put("sizeBytes", artifact.sizeBytes());
    return d;
  }
}
