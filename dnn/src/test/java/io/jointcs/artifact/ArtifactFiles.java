package io.jointcs.artifact;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Hand-framed artifact files, for feeding the reader what the writer would never produce. */
final class ArtifactFiles {
  private ArtifactFiles() {}

  static byte[] frame(String headerJson, byte[] weights) throws IOException {
    byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write("JCSM".getBytes(StandardCharsets.US_ASCII));
    out.writeInt(ModelArtifact.FORMAT_VERSION);
    out.writeInt(header.length);
    out.write(header);
    out.writeLong(weights.length);
    out.write(weights);
    return bytes.toByteArray();
  }

  static String header(String kind, String architecture, int numClasses, java.util.List<Integer> widths, int cut,
      String quantization) {
    return "{\"kind\":\"" + kind + "\",\"architecture\":\"" + architecture + "\",\"numClasses\":" + numClasses
        + ",\"widths\":" + widths.toString().replace(" ", "") + ",\"cutPoint\":" + cut + ",\"quantization\":\""
        + quantization + "\"}";
  }
}
