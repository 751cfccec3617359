/**
 * Encoding of JointCS events: {@link io.jointcs.events.codec.EventCodec} (Avro single-object binary,
 * Avro JSON accepted on input), typed decoding failures, the schema history decoders accept, and Kafka
 * serializers/deserializers built on them.
 */
package io.jointcs.events.codec;
