// A real Java consumer for the tests: joins GROUP with the KIP-848 consumer
// protocol (group.protocol=consumer), subscribes to TOPIC and polls until
// SECONDS have passed, then leaves. The test kills it by pid sooner.
//
//   java -cp 'KAFKA_LIBS/*:DIR' Kip848Consumer BOOTSTRAP GROUP TOPIC CLIENT_ID SECONDS
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;

public class Kip848Consumer {
    public static void main(String[] args) {
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        p.put("group.id", args[1]);
        p.put("client.id", args[3]);
        p.put("group.protocol", "consumer");
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        long end = System.currentTimeMillis() + Long.parseLong(args[4]) * 1000;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(args[2]));
            while (System.currentTimeMillis() < end)
                c.poll(Duration.ofMillis(200));
        }
    }
}
