package io.jointcs.latency.training;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which samples are held out, decided by the sample id alone: sha256({@code jointcs-holdout-v1/<id>}) below the
 * fraction. A held-out sample is never trained on by any version of any predictor, so every version and every
 * candidate can be judged on it fairly, and the assignment survives restarts and replays unchanged.
 *
 * @param fraction share of samples held out, in (0, 1)
 */
public record HoldoutAssignment(double fraction) {
  private static final String SALT = "jointcs-holdout-v1/";
  private static final long BUCKETS = 1_000_000;

  public HoldoutAssignment {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("hold-out fraction must be in (0, 1), got " + fraction);
    }
  }

  public boolean holdsOut(String sampleId) {
    if (sampleId == null || sampleId.isEmpty()) {
      throw new IllegalArgumentException("a sample needs an id to be assigned to training or hold-out");
    }
    byte[] digest = sha256((SALT + sampleId).getBytes(StandardCharsets.UTF_8));
    long bucket = Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), BUCKETS);
    return bucket < Math.round(fraction * BUCKETS);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
