package dev.odyssey.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.count.Connection;
import dev.odyssey.count.Endpoint;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The connection reaches the executors as text; every endpoint must read back as itself. */
class JobSettingsTest {
  @ParameterizedTest
  @CsvSource({
    "10.0.0.1:40000, 10.0.0.2:80",
    "[2001:db8::1]:443, [2001:db8::2]:51000",
    "[::ffff:1.2.3.4]:80, [2001:db8::9]:8080",
    "[::1]:1, [fe80::1]:65535"
  })
  void connectionsTravelAsTextUnchanged(String client, String server) {
    Connection c = new Connection(Endpoint.parse(client), Endpoint.parse(server));
    Configuration conf = new Configuration(false);
    JobSettings.putConnection(conf, c);
    assertThat(JobSettings.connection(conf)).isEqualTo(c);
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.1:1, 10.0.0.2:2"})
  void noConnectionIsNone(String client, String server) {
    Configuration conf = new Configuration(false);
    JobSettings.putConnection(conf, new Connection(Endpoint.parse(client), Endpoint.parse(server)));
    JobSettings.putConnection(conf, null);
    assertThat(JobSettings.connection(conf)).isNull();
    assertThat(conf.get("odyssey.connection.client")).isNull();
  }
}
