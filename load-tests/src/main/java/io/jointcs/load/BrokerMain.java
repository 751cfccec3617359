package io.jointcs.load;

import io.jointcs.kafka.embedded.EmbeddedKafkaBroker;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded single-node broker (every catalogue topic) in a JVM of its own, so the load generator does not share
 * a heap or a GC with it: prints {@code BOOTSTRAP <host:port>} once ready, stops on SIGTERM. Same broker as
 * {@code ./jointcs broker --port 0}.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    for (String logger : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
      System.setProperty("org.slf4j.simpleLogger.log." + logger, "warn");
    }
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(port).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "broker-shutdown"));
    System.out.println("BOOTSTRAP " + broker.bootstrapServers());
    System.out.flush();
    stopped.await();
  }
}
