package io.zeroio.bench.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * One load shape of the HTTP suite: wrk against one path, keep-alive (one request in flight per
 * connection) or pipelined (a batch of {@code depth} requests per write, all answered before the
 * next batch).
 *
 * @param id          short name used on the command line ({@code --scenario})
 * @param title       heading in the report
 * @param path        {@code /plaintext} or {@code /json}
 * @param connections wrk connections ({@code -c})
 * @param depth       requests per write (1: keep-alive, 16: pipelined)
 */
public record HttpScenario(String id, String title, String path, int connections, int depth) {

    /** wrk threads: one, the generator has one CPU (more threads would only add context switches). */
    public static final int THREADS = 1;
    /** Body of {@code /plaintext} every server must answer. */
    public static final String PLAINTEXT_BODY = "Hello, World!";
    /** Body of {@code /json} every server must answer. */
    public static final String JSON_BODY = "{\"message\":\"Hello, World!\"}";

    /** The suite, in report order. */
    public static final List<HttpScenario> ALL = List.of(
        new HttpScenario("plaintext-keepalive", "GET /plaintext, 100 connections keep-alive", "/plaintext", 100, 1),
        new HttpScenario("plaintext-pipelined", "GET /plaintext, 100 connections pipelined 16", "/plaintext", 100, 16),
        new HttpScenario("json-keepalive", "GET /json, 100 connections keep-alive", "/json", 100, 1),
        new HttpScenario("json-pipelined", "GET /json, 100 connections pipelined 16", "/json", 100, 16)
    );

    /** Whether requests are pipelined. */
    public boolean pipelined() {
        return depth > 1;
    }

    /** The body the path must answer with. */
    public String expectedBody() {
        return path.equals("/json") ? JSON_BODY : PLAINTEXT_BODY;
    }

    /** The media type (without parameters) the path must answer with. */
    public String expectedType() {
        return path.equals("/json") ? "application/json" : "text/plain";
    }

    /** The scenario called {@code id}; IllegalArgumentException listing the known ones. */
    public static HttpScenario byId(String id) {
        for (HttpScenario s : ALL) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown HTTP scenario '" + id + "'; known: " + ids());
    }

    /** The scenarios named in a comma list, in suite order. */
    public static List<HttpScenario> parse(String commaList) {
        final List<String> wanted = new ArrayList<>();
        for (String w : commaList.split(",")) {
            wanted.add(byId(w.trim()).id());
        }
        return ALL.stream().filter(s -> wanted.contains(s.id)).toList();
    }

    /** Every id, comma separated. */
    public static String ids() {
        return String.join(",", ALL.stream().map(HttpScenario::id).toList());
    }
}
