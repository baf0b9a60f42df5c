package dev.odyssey.lb.fuzz;

import dev.odyssey.lb.JobType;
import dev.odyssey.lb.Jobs;
import dev.odyssey.lb.protocol.frame.Frame;
import dev.odyssey.lb.protocol.frame.FrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fuzz targets' seed inputs, built with the project's own encoder and the protocol's examples,
 * and written to {@code src/test/resources/dev/odyssey/lb/fuzz/<Class>Inputs/<method>/} by {@link
 * #main} (run from the module directory). {@code SeedCorpusTest} checks that the files there are
 * exactly these, so the seeds follow the code. Each input starts with the targets' option byte.
 */
public final class SeedCorpus {
  static final Path RESOURCES = Path.of("src", "test", "resources", "dev", "odyssey", "lb", "fuzz");
  static final Path PARSER_DIR = RESOURCES.resolve("RequestParserFuzzTestInputs").resolve("parse");
  static final Path FRAME_DIR = RESOURCES.resolve("FrameCodecFuzzTestInputs").resolve("decode");

  private SeedCorpus() {}

  /** Client requests: the brief's jobs, the docs' nc examples, garbage, every byte value. */
  static Map<String, byte[]> parserSeeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("brief-jobs", request(0x00, "1,2,1,1,1,2"));
    seeds.put("brief-file", request(0x31, "1\n2\n1\n1\n1\n2\n"));
    seeds.put("nc-hello", request(0x7f, "1 hello 9\n"));
    seeds.put("crlf-tabs", request(0x23, "1\r\n2\t1 ,, 2\r\n"));
    seeds.put("unknown-digits", request(0xf0, "0123456789"));
    seeds.put("http-request", request(0x0f, "GET / HTTP/1.1\r\nHost: lb\r\n\r\n"));
    byte[] all = new byte[257];
    for (int i = 0; i < 256; i++) {
      all[i + 1] = (byte) i;
    }
    all[0] = 0x52;
    seeds.put("every-byte", all);
    return seeds;
  }

  /** Frame streams: each kind, a whole conversation, and the damage named in docs/protocol.md. */
  static Map<String, byte[]> frameSeeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("conversation-whole", withOption(63, conversation()));
    seeds.put("conversation-bytewise", withOption(0, conversation()));
    seeds.put(
        "challenge", withOption(5, frames(new Frame.Challenge(2, new byte[Frame.NONCE_LENGTH]))));
    seeds.put(
        "hello-secret",
        withOption(
            9,
            frames(
                new Frame.Hello(
                    2, new byte[Frame.NONCE_LENGTH], 4096, 7, 95, "wörker-ü", new byte[32]))));
    seeds.put("welcome-proof", withOption(3, frames(new Frame.Welcome(1000, new byte[32]))));
    // a version 1 HELLO: decoded as another version, body unread
    seeds.put(
        "hello-v1",
        withOption(
            4,
            hex(
                "00000010"
                    + "02"
                    + "01"
                    + "0002"
                    + "00000003"
                    + "00000004"
                    + "01"
                    + "77"
                    + "01"
                    + "ab")));
    seeds.put("refuse", withOption(2, frames(new Frame.Refuse("wrong shared secret"))));
    seeds.put(
        "result-error",
        withOption(11, frames(new Frame.Result(3, false, 0, 0, "busy: compute queue full"))));
    seeds.put("huge-length", withOption(1, hex("7fffffff06")));
    seeds.put("zero-length", withOption(1, hex("00000000")));
    seeds.put("unknown-kind", withOption(1, hex("000000012a")));
    seeds.put("job-bad-type", withOption(1, hex("0000000a05000000000000000133")));
    seeds.put("job-short", withOption(1, hex("000000050500000000")));
    seeds.put("drain-trailing", withOption(1, hex("000000020900")));
    seeds.put(
        "hello-zero-threads",
        withOption(1, hex("00000014" + "02" + "02" + "00".repeat(16) + "0000")));
    seeds.put(
        "hello-bad-proof-length",
        withOption(
            1,
            hex(
                "0000001f"
                    + "02"
                    + "02"
                    + "00".repeat(16)
                    + "0001"
                    + "00000001"
                    + "00000001"
                    + "01"
                    + "77"
                    + "05")));
    seeds.put("malformed-utf8-refuse", withOption(1, hex("0000000404c328ff")));
    return seeds;
  }

  /** What an LB and a worker say to each other, both directions in one stream. */
  static byte[] conversation() {
    // without the MAC tags that follow WELCOME on a real link: this decoder has no key
    return frames(
        new Frame.Challenge(2, new byte[Frame.NONCE_LENGTH]),
        new Frame.Hello(2, new byte[Frame.NONCE_LENGTH], 2, 1, 90, "worker-1", new byte[0]),
        new Frame.Welcome(1000, new byte[0]),
        new Frame.JobFrame(1, JobType.MINE_BITCOIN),
        new Frame.JobFrame(2, JobType.GET_TIME),
        new Frame.Result(2, true, 3, 1_700_000_000L, Jobs.getTime(1_700_000_000L)),
        new Frame.Result(1, true, 95, 1_700_000_000L, Jobs.mine(1_700_000_000L)),
        new Frame.Ping(7),
        new Frame.Pong(7),
        new Frame.Drain());
  }

  static byte[] frames(Frame... frames) {
    ByteBuf b = Unpooled.buffer();
    for (Frame f : frames) {
      FrameEncoder.encode(f, b);
    }
    return ByteBufUtil.getBytes(b);
  }

  private static byte[] request(int option, String text) {
    return withOption(option, text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] withOption(int option, byte[] rest) {
    byte[] b = new byte[rest.length + 1];
    b[0] = (byte) option;
    System.arraycopy(rest, 0, b, 1, rest.length);
    return b;
  }

  private static byte[] hex(String hex) {
    return ByteBufUtil.decodeHexDump(hex);
  }

  /** Writes the seeds under {@code src/test/resources}; run from the module directory. */
  public static void main(String[] args) throws IOException {
    write(PARSER_DIR, parserSeeds());
    write(FRAME_DIR, frameSeeds());
  }

  private static void write(Path dir, Map<String, byte[]> seeds) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
  }
}
