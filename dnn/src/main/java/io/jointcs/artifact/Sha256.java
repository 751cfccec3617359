package io.jointcs.artifact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests as 64 lowercase hex digits, the names of artifacts. */
public final class Sha256 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  public static String of(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** Returns the digest if it is 64 lowercase hex digits, else throws (it becomes a file name). */
  public static String requireValid(String sha256) {
    if (sha256 == null || !HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a sha256 (64 lowercase hex digits): '" + sha256 + "'");
    }
    return sha256;
  }
}
