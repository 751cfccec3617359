package io.jointcs.kafka.embedded;

/** {@link TestKafka} on an {@link EmbeddedKafkaBroker}: catalogue topics, a free port, a temporary directory. */
final class EmbeddedTestKafka implements TestKafka {
  private final EmbeddedKafkaBroker broker;

  private EmbeddedTestKafka(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  static EmbeddedTestKafka start() {
    return new EmbeddedTestKafka(EmbeddedKafkaBroker.builder().port(0).start());
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public TestKafkaSelection.Kind kind() {
    return TestKafkaSelection.Kind.EMBEDDED;
  }

  @Override
  public String describe() {
    return "embedded KRaft broker on " + broker.bootstrapServers();
  }

  @Override
  public void close() {
    broker.close();
  }
}
