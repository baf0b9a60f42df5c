package dev.odyssey.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the {@code odyssey} command in-process and captures its exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {
  static synchronized CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      // The same dispatch as Odyssey.run: pcap takes the fast path without the other subcommands.
      boolean pcap = args.length > 0 && args[0].equals("pcap");
      CommandLine cl = pcap ? Odyssey.pcapCommandLine() : Odyssey.commandLine();
      cl.setOut(new PrintWriter(o, true));
      cl.setErr(new PrintWriter(e, true));
      int status = cl.execute(pcap ? java.util.Arrays.copyOfRange(args, 1, args.length) : args);
      return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
