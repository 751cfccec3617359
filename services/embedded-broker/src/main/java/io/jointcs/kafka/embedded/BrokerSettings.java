package io.jointcs.kafka.embedded;

import java.util.Map;
import java.util.Properties;

/** The broker configuration: combined broker+controller on loopback, tuned for a single node. */
final class BrokerSettings {
  static final String BROKER_LISTENER = "PLAINTEXT";

  private BrokerSettings() {}

  static Properties of(KraftStorage storage, int brokerPort, int controllerPort, Map<String, String> extra) {
    String host = Ports.HOST;
    String controller = KraftStorage.CONTROLLER_LISTENER;
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(storage.nodeId()));
    props.put("controller.quorum.voters", storage.nodeId() + "@" + host + ":" + controllerPort);
    props.put("controller.listener.names", controller);
    props.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + "," + controller + "://" + host + ":"
        + controllerPort);
    props.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
    props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + controller + ":PLAINTEXT");
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put("log.dirs", storage.dir().toString());
    props.put("metadata.log.dir", storage.dir().toString());

    // one node: every internal topic with one replica, and few partitions so it is created quickly
    props.put("default.replication.factor", "1");
    props.put("min.insync.replicas", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("share.coordinator.state.topic.num.partitions", "1");
    props.put("num.partitions", "1");
    // tests and services see group assignments at once instead of after 3 s
    props.put("group.initial.rebalance.delay.ms", "0");
    // topics come from the catalogue only: a typo in a topic name fails instead of creating a topic
    props.put("auto.create.topics.enable", "false");
    // (the default, said on purpose) a clean stop deregisters the broker, so a restart on the same
    // directory registers at once instead of waiting broker.session.timeout.ms for the old session
    props.put("controlled.shutdown.enable", "true");
    // the 128 MiB default compaction buffer is far more than a development broker needs
    props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));

    props.putAll(extra);
    return props;
  }
}
