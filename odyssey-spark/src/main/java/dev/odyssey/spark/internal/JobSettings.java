package dev.odyssey.spark.internal;

import dev.odyssey.count.Connection;
import dev.odyssey.count.ConversationOptions;
import dev.odyssey.count.Endpoint;
import org.apache.hadoop.conf.Configuration;

/**
 * What the driver tells the tasks through the job's Hadoop {@link Configuration}. The connection
 * travels as the two endpoints' text, which {@link Endpoint#parse} reads back on the executors.
 */
public final class JobSettings {
  static final String CLIENT = "odyssey.connection.client";
  static final String SERVER = "odyssey.connection.server";
  static final String CONVERSATIONS_TOP = "odyssey.conversations.top";
  static final String CONVERSATIONS_MAX = "odyssey.conversations.max";

  private JobSettings() {}

  /**
   * Puts {@code connection} (or none) into {@code conf}, as text that reads back as the same
   * endpoints.
   */
  public static void putConnection(Configuration conf, Connection connection) {
    conf.unset(CLIENT);
    conf.unset(SERVER);
    if (connection == null) {
      return;
    }
    conf.set(CLIENT, text(connection.client()));
    conf.set(SERVER, text(connection.server()));
  }

  private static String text(Endpoint e) {
    String s = e.toString();
    if (!e.isIpv4() && !s.startsWith("[")) {
      // an IPv4-mapped IPv6 address prints as IPv4 (Java's InetAddress); write it the IPv6 way
      s = "[::ffff:" + s.substring(0, s.lastIndexOf(':')) + "]" + s.substring(s.lastIndexOf(':'));
    }
    if (!Endpoint.parse(s).equals(e)) {
      throw new IllegalStateException("endpoint " + s + " does not read back as itself");
    }
    return s;
  }

  /** Puts the conversations to gather (or none) into {@code conf}. */
  public static void putConversations(Configuration conf, ConversationOptions conversations) {
    conf.unset(CONVERSATIONS_TOP);
    conf.unset(CONVERSATIONS_MAX);
    if (conversations != null) {
      conf.setInt(CONVERSATIONS_TOP, conversations.top());
      conf.setLong(CONVERSATIONS_MAX, conversations.max());
    }
  }

  /** The conversations set by {@link #putConversations}, or null. */
  public static ConversationOptions conversations(Configuration conf) {
    String top = conf.get(CONVERSATIONS_TOP);
    return top == null
        ? null
        : new ConversationOptions(
            Integer.parseInt(top),
            conf.getLong(CONVERSATIONS_MAX, ConversationOptions.DEFAULT_MAX));
  }

  /** The connection as the two endpoints' text (client, server), or null for none. */
  static String[] text(Connection connection) {
    return connection == null
        ? null
        : new String[] {text(connection.client()), text(connection.server())};
  }

  /** The connection {@link #text(Connection)} wrote, or null. */
  static Connection connection(String[] text) {
    return text == null ? null : new Connection(Endpoint.parse(text[0]), Endpoint.parse(text[1]));
  }

  /** The connection set by {@link #putConnection}, or null. */
  public static Connection connection(Configuration conf) {
    String c = conf.get(CLIENT);
    String s = conf.get(SERVER);
    return c == null || s == null ? null : new Connection(Endpoint.parse(c), Endpoint.parse(s));
  }
}
