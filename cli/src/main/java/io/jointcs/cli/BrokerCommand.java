package io.jointcs.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.jointcs.json.Json;
import io.jointcs.kafka.embedded.EmbeddedKafkaBroker;
import io.jointcs.topics.TopicSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jointcs broker}: a real single-node Kafka broker in the foreground, with the catalogue's topics. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = {"Run a single-node Kafka broker (KRaft) in this process, with every catalogue topic created.",
        "Prints the bootstrap address once a produce/consume round trip succeeded; Ctrl-C stops it cleanly."})
final class BrokerCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "9092", description = "client port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--data-dir",
      description = "keep the broker's data here across runs (default: a temporary directory, deleted on stop)")
  Path dataDir;

  @Option(names = "--json", description = "print {bootstrapServers, dataDir, topics} as one JSON line once ready")
  boolean json;

  /** What {@code --json} prints. */
  record BrokerInfo(String bootstrapServers, String dataDir, List<String> topics) {}

  @Override
  public Integer call() throws Exception {
    quietKafkaLogging();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(port).dataDir(dataDir).start();
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C (SIGINT) and SIGTERM run shutdown hooks: stop the broker cleanly before the JVM ends
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "jointcs-broker-shutdown"));

    BrokerInfo info = new BrokerInfo(broker.bootstrapServers(), broker.dataDir().toString(),
        broker.topics().stream().map(TopicSpec::name).toList());
    if (json) {
      // one line, so a script can read the first line and go on
      System.out.println(Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
    } else {
      System.out.printf("Kafka broker ready at %s (first record accepted after %d ms)%n", info.bootstrapServers(),
          broker.firstRecordAcceptedAfter().toMillis());
      System.out.printf("data: %s%s%n", info.dataDir(), broker.temporaryDataDir() ? " (temporary, deleted on stop)" : "");
      System.out.printf("topics: %s%n", String.join(", ", info.topics()));
      System.out.println("Ctrl-C to stop.");
    }
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * Kafka logs a great deal at INFO; keep it at WARN unless the user asked otherwise. slf4j-simple
   * reads these per logger when it is created, so this must run before the broker classes log.
   */
  private static void quietKafkaLogging() {
    for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }
}
