package dev.odyssey.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Spark {@code local[2]} context for every test class in the JVM: starting one takes seconds.
 * Spark allows one active context per JVM, so the cluster test {@link #stop stops} it first.
 */
public final class SharedSpark {
  private static JavaSparkContext context;

  private SharedSpark() {}

  public static synchronized JavaSparkContext local2() {
    if (context == null) {
      context = new JavaSparkContext(SparkCounter.conf("local[2]"));
      Runtime.getRuntime().addShutdownHook(new Thread(SharedSpark::stop));
    }
    return context;
  }

  public static synchronized void stop() {
    if (context != null) {
      context.stop();
      context = null;
    }
  }
}
