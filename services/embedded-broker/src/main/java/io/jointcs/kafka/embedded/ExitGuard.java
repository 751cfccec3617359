package io.jointcs.kafka.embedded;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a broker fatal error (Kafka's fault handlers call {@link Exit#exit} or {@link Exit#halt})
 * from ending the JVM that hosts the broker: tests, Quarkus dev runs and the CLI. Counted, because
 * Exit's procedures are JVM-wide and several brokers may run at once.
 */
final class ExitGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ExitGuard.class);
  private static int holders;

  private ExitGuard() {}

  static synchronized void acquire() {
    if (holders++ == 0) {
      Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
      Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
    }
  }

  static synchronized void release() {
    if (holders > 0 && --holders == 0) {
      Exit.resetExitProcedure();
      Exit.resetHaltProcedure();
    }
  }

  private static void refuse(String kind, int status, String message) {
    LOG.error("Kafka asked the JVM to {} with status {} ({}); refused: the embedded broker is probably"
        + " unusable now, close it", kind, status, message);
    // throwing stops the Kafka thread that hit the fatal error instead of letting it carry on
    throw new IllegalStateException("embedded Kafka broker fatal error, " + kind + "(" + status + ") refused: "
        + message);
  }
}
