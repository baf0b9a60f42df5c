package dev.odyssey.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The settings a count runs with: UI, progress bar, driver address, and that spark.* properties
 * win.
 */
class SparkCounterConfTest {
  @AfterEach
  void clear() {
    System.clearProperty("odyssey.stderr.tty");
    System.clearProperty("spark.ui.enabled");
  }

  @Test
  void localModeHasNoUiAndAClusterJobHasSparksDefault() {
    assertThat(SparkCounter.conf("local[2]").get("spark.ui.enabled")).isEqualTo("false");
    SparkConf cluster = SparkCounter.conf("spark://10.0.0.1:7077");
    assertThat(cluster.contains("spark.ui.enabled")).isFalse(); // Spark's default: on
    assertThat(cluster.contains("spark.driver.host"))
        .isFalse(); // this machine's address, or --conf
    System.setProperty("spark.ui.enabled", "true");
    assertThat(SparkCounter.conf("local[2]").get("spark.ui.enabled")).isEqualTo("true");
  }

  @Test
  void progressBarOnlyWhenStderrIsATerminal() {
    System.setProperty("odyssey.stderr.tty", "1");
    assertThat(SparkCounter.conf("local[2]").get("spark.ui.showConsoleProgress")).isEqualTo("true");
    System.setProperty("odyssey.stderr.tty", "0");
    assertThat(SparkCounter.conf("local[2]").get("spark.ui.showConsoleProgress"))
        .isEqualTo("false");
  }
}
