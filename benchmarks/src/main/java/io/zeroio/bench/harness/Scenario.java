package io.zeroio.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * One load shape the generator drives against every server.
 *
 * @param id          short name used on the command line ({@code --scenario})
 * @param title       heading in the report
 * @param udp         datagrams instead of a TCP stream
 * @param connections connections (UDP: connected sockets)
 * @param depth       messages in flight per connection (closed loop)
 * @param size        message size in bytes
 * @param rate        open loop: messages/s offered in total; 0 for closed loop
 */
public record Scenario(String id, String title, boolean udp, int connections, int depth, int size, long rate) {

    /** The open-loop offered rate (messages/s over 100 connections). */
    public static final long OPEN_LOOP_RATE = 100_000;

    /** The suite, in report order. */
    public static final List<Scenario> ALL = List.of(
        new Scenario("pingpong-1", "1 connection ping-pong, 64 B", false, 1, 1, 64, 0),
        new Scenario("pingpong-100", "100 connections ping-pong, 64 B", false, 100, 1, 64, 0),
        new Scenario("pipelined-100x16", "100 connections pipelined depth 16, 64 B", false, 100, 16, 64, 0),
        new Scenario("bandwidth-16x16k", "16 connections x 16 KiB (depth 4), bandwidth", false, 16, 4, 16384, 0),
        new Scenario("openloop-100", "open loop: 100 connections, " + OPEN_LOOP_RATE / 1000 + " k msgs/s offered, 64 B",
            false, 100, 1, 64, OPEN_LOOP_RATE),
        new Scenario("udp-16x16", "UDP echo, 16 sockets x depth 16, 64 B (pps)", true, 16, 16, 64, 0)
    );

    /** Whether this is an open-loop scenario. */
    public boolean openLoop() {
        return rate > 0;
    }

    /** The scenario called {@code id}; IllegalArgumentException listing the known ones. */
    public static Scenario byId(String id) {
        for (Scenario s : ALL) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + ids());
    }

    /** The scenarios named in a comma list, in suite order. */
    public static List<Scenario> parse(String commaList) {
        final List<String> wanted = List.of(commaList.split(","));
        final List<Scenario> out = new ArrayList<>();
        for (String w : wanted) {
            byId(w.trim());
        }
        for (Scenario s : ALL) {
            if (wanted.stream().anyMatch(w -> w.trim().equals(s.id))) {
                out.add(s);
            }
        }
        return out;
    }

    /** Every id, comma separated. */
    public static String ids() {
        return String.join(",", ALL.stream().map(Scenario::id).toList());
    }

    /** The generator's arguments for this scenario (without host, port and timing). */
    public List<String> generatorArgs() {
        final List<String> a = new ArrayList<>(List.of("-c", Integer.toString(connections), "-d", Integer.toString(depth),
            "-s", Integer.toString(size)));
        if (rate > 0) {
            a.add("-r");
            a.add(Long.toString(rate));
        }
        if (udp) {
            a.add("-u");
        }
        return a;
    }
}
