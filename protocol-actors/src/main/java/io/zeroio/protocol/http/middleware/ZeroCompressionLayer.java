package io.zeroio.protocol.http.middleware;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import com.typesafe.config.Config;

import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.BodyEncoder;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpHandler;

/**
 * Response compression (tower-http's {@code CompressionLayer}): {@code gzip} (RFC 1952) or
 * {@code deflate} (the zlib format, RFC 1950, as HTTP's "deflate" means) chosen from the request's
 * {@code Accept-Encoding} (q-values, {@code identity}, {@code *}; on a tie gzip wins), for bodies of
 * at least {@code threshold} bytes whose {@code Content-Type} is on the allow-list. Compressed
 * responses get {@code Content-Encoding} and {@code Vary: Accept-Encoding} (responses of a
 * compressible type that stay plain get the {@code Vary} too). Never compressed: HEAD, 1xx/204/206/304,
 * bodies the handler already encoded, chunked responses (their size is unknown when the headers
 * go), bodies above {@code max-body}, and bodies that would not shrink.
 *
 * <p>How: the layer installs a {@link BodyEncoder} on the response; when the handler hands over
 * its body, the body is deflated once, with the shard's {@link Deflater}s and {@link CRC32}
 * (created once per shard), from the body's bytes into a pre-allocated output array, and that result is
 * written into the TX slot after {@code Content-Length}. A body from a {@code String}/{@code CharSequence}
 * or from native memory (e.g. the request's slot) is first copied into a pre-allocated input array
 * ({@code Deflater} reads arrays or {@code ByteBuffer}s, not addresses); a body from a {@code byte[]}
 * is read where it is. No allocation per request (the JDK's {@code Deflater} synchronises on its
 * stream internally: an uncontended lock, the shard is the only user).
 *
 * <p>One instance may serve every shard: each shard thread gets its own deflaters and arrays
 * (about 2 × {@code max-body}) on its first request, found afterwards through a {@code ThreadLocal}
 * (a lookup, no allocation). Config: {@code zero-io.http.middleware.compression}.
 *
 * <p><b>Deferred requests</b> (the streams and actors modes, {@code HttpExchange.defer}): the coding is
 * negotiated inline on the shard as above, and the decision (gzip, deflate or none) travels with the
 * request ({@link BodyEncoder#forDeferred()}: one shared, immutable lender per coding). The body is
 * compressed when the flow/actor writes its reply, on that thread, with an encoder borrowed for that
 * one write from a lock-free pool of spare encoders ({@code ManyToManyConcurrentArrayQueue}, about
 * 2 per CPU kept; more are made when more threads compress at once, and ended when given back to a
 * full pool). A borrowed encoder belongs to one thread until it is given back; the shard threads'
 * encoders are never lent, so no {@link Deflater} is ever used by two threads at once. The pool's
 * offer is a release and its poll an acquire: the next borrower sees the deflater as the previous one
 * left it. No allocation per deferred request either, once the pool holds enough encoders.
 */
public final class ZeroCompressionLayer implements Middleware {
    private static final String BLOCK = "compression";
    /** Default threshold: bodies smaller than 1 KiB are sent as they are. */
    public static final int DEFAULT_THRESHOLD = 1024;
    /** Default largest body compressed (the size of the two pre-allocated arrays). */
    public static final int DEFAULT_MAX_BODY = 65536;
    /** Default allow-list: entries ending in '/' match a type prefix, others a full type (parameters ignored). */
    public static final List<String> DEFAULT_CONTENT_TYPES = List.of("text/", "application/json", "application/javascript",
        "application/xml", "image/svg+xml");

    private static final int NONE = 0;
    private static final int GZIP = 1;
    private static final int DEFLATE = 2;
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final int threshold;
    private final int level;
    private final int maxBody;
    private final boolean gzipEnabled;
    private final boolean deflateEnabled;
    private final String[] contentTypes;
    /** Each shard thread's deflaters and arrays, created on its first request (then a ThreadLocalMap lookup, no allocation). */
    private final ThreadLocal<Encoder> encoders = ThreadLocal.withInitial(this::newEncoder);
    private final List<Encoder> all = new CopyOnWriteArrayList<>();
    /** Encoders lent to the threads that write deferred responses (never a shard thread's own). */
    private final ManyToManyConcurrentArrayQueue<Encoder> spares =
        new ManyToManyConcurrentArrayQueue<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    /** The decision of a deferred request, by coding (NONE, GZIP, DEFLATE): shared, immutable. */
    private final CodingLender[] lenders = {new CodingLender(NONE), new CodingLender(GZIP), new CodingLender(DEFLATE)};
    /** What the NONE lender lends (stateless, shared by every thread). */
    private final PlainOnly plainOnly = new PlainOnly();
    /** The counts of encoders ended after use (more borrowers at once than the pool keeps). */
    private final AtomicLong retiredCompressed = new AtomicLong();
    private final AtomicLong retiredBytesIn = new AtomicLong();
    private final AtomicLong retiredBytesOut = new AtomicLong();

    private ZeroCompressionLayer(Builder b) {
        threshold = b.threshold;
        level = b.level;
        maxBody = b.maxBody;
        gzipEnabled = b.encodings.contains("gzip");
        deflateEnabled = b.encodings.contains("deflate");
        contentTypes = b.contentTypes.stream().map(t -> t.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    }

    private Encoder newEncoder() {
        final Encoder e = new Encoder();
        all.add(e);
        return e;
    }

    /** The defaults: gzip and deflate, 1 KiB threshold, level 6, textual types, bodies up to 64 KiB. */
    public static ZeroCompressionLayer defaults() {
        return builder().build();
    }

    /** A builder with the defaults of {@code reference.conf}. */
    public static Builder builder() {
        return new Builder();
    }

    /** From {@code zero-io.http.middleware.compression} of {@code root}. */
    public static ZeroCompressionLayer fromConfig(Config root) {
        final Config c = MiddlewareSettings.block(root, BLOCK);
        return builder()
            .threshold((int) MiddlewareSettings.bytes(c, BLOCK, "threshold", 0, Integer.MAX_VALUE))
            .level(MiddlewareSettings.integer(c, BLOCK, "level", Integer.MIN_VALUE, Integer.MAX_VALUE))
            .maxBody((int) MiddlewareSettings.bytes(c, BLOCK, "max-body", 0, Integer.MAX_VALUE))
            .encodings(MiddlewareSettings.strings(c, BLOCK, "encodings"))
            .contentTypes(MiddlewareSettings.strings(c, BLOCK, "content-types"))
            .build();
    }

    /** Smallest body compressed, in bytes. */
    public int threshold() {
        return threshold;
    }

    /** Deflate level. */
    public int level() {
        return level;
    }

    /** Largest body compressed, in bytes. */
    public int maxBody() {
        return maxBody;
    }

    /** The codings offered ({@code gzip}, {@code deflate}). */
    public List<String> encodings() {
        return gzipEnabled && deflateEnabled ? List.of("gzip", "deflate") : List.of(gzipEnabled ? "gzip" : "deflate");
    }

    /** The content-type allow-list (lower-cased). */
    public List<String> contentTypes() {
        return List.of(contentTypes);
    }

    /** Responses compressed so far (all shards and the threads answering deferred requests). */
    public long compressedResponses() {
        long n = retiredCompressed.get();
        for (Encoder e : all) {
            n += e.compressed.get();
        }
        return n;
    }

    /** Body bytes before compression, over the compressed responses (all shards). */
    public long bytesBefore() {
        long n = retiredBytesIn.get();
        for (Encoder e : all) {
            n += e.bytesIn.get();
        }
        return n;
    }

    /** Body bytes after compression, over the compressed responses (all shards). */
    public long bytesAfter() {
        long n = retiredBytesOut.get();
        for (Encoder e : all) {
            n += e.bytesOut.get();
        }
        return n;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return (request, response) -> handle(request, response, next);
    }

    private void handle(HttpRequest request, ZeroResponse response, HttpHandler next) {
        if (request.method() != HttpMethod.HEAD) {
            final Encoder encoder = encoders.get(); // this shard's: the response calls it on this thread, inline
            encoder.chosen = negotiate(request.header("Accept-Encoding"));
            response.encodeBodyWith(encoder);
        }
        next.handle(request, response);
    }

    // ------------------------------------------------------------------ Accept-Encoding (RFC 9110 §12.5.3)

    /** The coding to use for this Accept-Encoding value (NONE: identity). Allocation-free. */
    int negotiate(AsciiView accept) {
        if (accept == null) {
            return NONE; // no preference stated: identity (RFC 9110 §12.5.3 allows any, identity is the safe one)
        }
        int qGzip = -1;
        int qDeflate = -1;
        int qIdentity = -1;
        int qStar = -1;
        final int n = accept.length();
        int i = 0;
        while (i < n) {
            while (i < n && (accept.byteAt(i) == ' ' || accept.byteAt(i) == '\t' || accept.byteAt(i) == ',')) {
                i++;
            }
            final int tokenStart = i;
            while (i < n && accept.byteAt(i) != ',' && accept.byteAt(i) != ';' && accept.byteAt(i) != ' '
                && accept.byteAt(i) != '\t') {
                i++;
            }
            final int tokenEnd = i;
            int q = 1000;
            // parameters up to the next ','
            while (i < n && accept.byteAt(i) != ',') {
                if (accept.byteAt(i) == ';') {
                    i++;
                    while (i < n && (accept.byteAt(i) == ' ' || accept.byteAt(i) == '\t')) {
                        i++;
                    }
                    if (i + 1 < n && (accept.byteAt(i) | 0x20) == 'q' && accept.byteAt(i + 1) == '=') {
                        i += 2;
                        final int qStart = i;
                        while (i < n && accept.byteAt(i) != ',' && accept.byteAt(i) != ';' && accept.byteAt(i) != ' ') {
                            i++;
                        }
                        q = qvalue(accept, qStart, i);
                    }
                } else {
                    i++;
                }
            }
            if (tokenEnd > tokenStart) {
                if (token(accept, tokenStart, tokenEnd, "gzip") || token(accept, tokenStart, tokenEnd, "x-gzip")) {
                    qGzip = Math.max(qGzip, q);
                } else if (token(accept, tokenStart, tokenEnd, "deflate")) {
                    qDeflate = Math.max(qDeflate, q);
                } else if (token(accept, tokenStart, tokenEnd, "identity")) {
                    qIdentity = Math.max(qIdentity, q);
                } else if (token(accept, tokenStart, tokenEnd, "*")) {
                    qStar = Math.max(qStar, q);
                }
            }
        }
        final int g = !gzipEnabled ? 0 : qGzip >= 0 ? qGzip : Math.max(qStar, 0);
        final int d = !deflateEnabled ? 0 : qDeflate >= 0 ? qDeflate : Math.max(qStar, 0);
        final int best = Math.max(g, d);
        if (best == 0 || (qIdentity >= 0 && qIdentity > best)) {
            return NONE;
        }
        return g >= d ? GZIP : DEFLATE;
    }

    private static boolean token(AsciiView v, int from, int to, String t) {
        if (to - from != t.length()) {
            return false;
        }
        for (int k = 0; k < t.length(); k++) {
            if ((v.byteAt(from + k) | 0x20) != (t.charAt(k) | 0x20)) {
                return false;
            }
        }
        return true;
    }

    /** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) in thousandths; malformed counts as 0. */
    private static int qvalue(AsciiView v, int from, int to) {
        if (from >= to) {
            return 0;
        }
        final int first = v.byteAt(from) - '0';
        if (first != 0 && first != 1) {
            return 0;
        }
        int q = first * 1000;
        if (to - from > 1) {
            if (v.byteAt(from + 1) != '.' || to - from > 5) {
                return 0;
            }
            int scale = 100;
            for (int k = from + 2; k < to; k++) {
                final int digit = v.byteAt(k) - '0';
                if (digit < 0 || digit > 9) {
                    return 0;
                }
                q += digit * scale;
                scale /= 10;
            }
        }
        return Math.min(q, 1000);
    }

    /** The {@link BodyEncoder#decide} rule for {@code coding} (thread-safe: reads immutable settings only). */
    private int verdict(int coding, int status, CharSequence contentType, boolean alreadyEncoded, int length) {
        if (alreadyEncoded || status < 200 || status == 204 || status == 206 || status == 304
            || !compressibleType(contentType)) {
            return BodyEncoder.PLAIN;
        }
        return coding == NONE || length < threshold || length > maxBody ? BodyEncoder.PLAIN_VARY : BodyEncoder.ENCODE;
    }

    private boolean compressibleType(CharSequence type) {
        if (type == null) {
            return false;
        }
        for (String allowed : contentTypes) {
            final int n = allowed.length();
            if (type.length() < n) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < n && match; k++) {
                char c = type.charAt(k);
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + 32);
                }
                match = c == allowed.charAt(k);
            }
            if (match && (allowed.charAt(n - 1) == '/' || type.length() == n || type.charAt(n) == ';' || type.charAt(n) == ' ')) {
                return true;
            }
        }
        return false;
    }

    /** Tests: the lender a deferred request negotiated to {@code coding} ("gzip", "deflate", anything else: none) carries. */
    BodyEncoder.Lender deferredLender(String coding) {
        return lenders["gzip".equals(coding) ? GZIP : "deflate".equals(coding) ? DEFLATE : NONE];
    }

    /** Tests: the calling thread's own (shard) encoder, the one inline requests on this thread use. */
    BodyEncoder threadEncoder() {
        return encoders.get();
    }

    /** Spare encoders kept for deferred responses (borrowed ones not counted). */
    int spareEncoders() {
        return spares.size();
    }

    // ------------------------------------------------------------------ deferred requests

    /**
     * A deferred request's coding: lends the answering thread a spare encoder set to it. Immutable
     * (one per coding), so handing it to another thread with the request needs no ordering of its own.
     */
    private final class CodingLender implements BodyEncoder.Lender {
        private final int coding;

        CodingLender(int coding) {
            this.coding = coding;
        }

        @Override
        public BodyEncoder borrow() {
            if (coding == NONE) {
                return plainOnly; // nothing to compress: no deflater needed, only the Vary rule
            }
            Encoder e = spares.poll(); // acquire: sees the encoder as its previous borrower left it
            if (e == null) {
                e = newEncoder(); // more threads compress at once than the pool holds (or the first use)
            }
            e.chosen = coding;
            return e;
        }

        @Override
        public void giveBack(BodyEncoder encoder) {
            if (encoder == plainOnly) {
                return;
            }
            final Encoder e = (Encoder) encoder;
            if (!spares.offer(e)) { // release: publishes this thread's use to the next borrower
                retiredCompressed.addAndGet(e.compressed.get());
                retiredBytesIn.addAndGet(e.bytesIn.get());
                retiredBytesOut.addAndGet(e.bytesOut.get());
                all.remove(e);
                e.end();
            }
        }
    }

    /** A deferred request whose client accepts no offered coding: never encodes, adds Vary where it could have. */
    private final class PlainOnly implements BodyEncoder {
        @Override
        public int decide(int status, CharSequence contentType, boolean alreadyEncoded, int length) {
            return verdict(NONE, status, contentType, alreadyEncoded, length);
        }

        @Override
        public int encode(DirectBuffer src, int offset, int length) {
            return -1;
        }

        @Override
        public int encode(CharSequence text) {
            return -1;
        }

        @Override
        public DirectBuffer output() {
            throw new IllegalStateException("never encodes");
        }

        @Override
        public CharSequence contentEncoding() {
            throw new IllegalStateException("never encodes");
        }
    }

    // ------------------------------------------------------------------ the encoder the response calls

    /**
     * One thread's {@link BodyEncoder}: its deflaters, CRC and arrays; {@code chosen} is set per
     * request by {@link #handle} (a shard thread's) or by {@link CodingLender#borrow()} (a spare, lent
     * to one answering thread at a time). Only one thread touches it at a time (the pool hands it over
     * with release/acquire); the counters are single-writer {@code AtomicLong}s written with
     * {@code lazySet} (a release store, no fence) so other threads can read them.
     */
    private final class Encoder implements BodyEncoder {
        private final Deflater raw = new Deflater(level, true);
        private final Deflater zlib = new Deflater(level, false);
        private final CRC32 crc = new CRC32();
        private final byte[] in = new byte[maxBody];
        private final byte[] out = new byte[maxBody + maxBody / 1000 + 64]; // deflate's worst case plus the gzip wrapper
        private final UnsafeBuffer outView = new UnsafeBuffer(out);
        final AtomicLong compressed = new AtomicLong();
        final AtomicLong bytesIn = new AtomicLong();
        final AtomicLong bytesOut = new AtomicLong();
        int chosen;

        @Override
        public int decide(int status, CharSequence contentType, boolean alreadyEncoded, int length) {
            return verdict(chosen, status, contentType, alreadyEncoded, length);
        }

        @Override
        public int encode(DirectBuffer src, int offset, int length) {
            final byte[] array = src.byteArray();
            if (array != null) {
                return compress(array, src.wrapAdjustment() + offset, length); // wrapAdjustment: index 0 of src in array
            }
            src.getBytes(offset, in, 0, length);
            return compress(in, 0, length);
        }

        @Override
        public int encode(CharSequence text) {
            final int length = text.length();
            for (int k = 0; k < length; k++) {
                in[k] = (byte) text.charAt(k);
            }
            return compress(in, 0, length);
        }

        @Override
        public DirectBuffer output() {
            return outView;
        }

        @Override
        public CharSequence contentEncoding() {
            return chosen == GZIP ? "gzip" : "deflate";
        }

        @Override
        public Lender forDeferred() {
            return lenders[chosen]; // the decision only: this (the shard's) encoder stays on its thread
        }

        /** Frees the deflaters' native memory (an encoder the spare pool had no room for). */
        void end() {
            raw.end();
            zlib.end();
        }

        /** Compresses into {@link #out}; -1 when the result would not be smaller than the input. */
        private int compress(byte[] src, int offset, int length) {
            int pos = 0;
            final Deflater d;
            if (chosen == GZIP) {
                System.arraycopy(GZIP_HEADER, 0, out, 0, GZIP_HEADER.length);
                pos = GZIP_HEADER.length;
                d = raw;
            } else {
                d = zlib;
            }
            d.reset();
            d.setInput(src, offset, length);
            d.finish();
            final int limit = Math.min(out.length - 8, length + GZIP_HEADER.length); // larger than the input: not worth it
            for (int idle = 0; !d.finished();) {
                if (pos >= limit) {
                    return -1; // would not shrink (or not fit): send it plain
                }
                final int k = d.deflate(out, pos, limit - pos);
                pos += k;
                if (k == 0 && ++idle > 2) {
                    return -1; // no progress (does not happen with finish() and room left; a guard, not a path)
                }
            }
            if (chosen == GZIP) {
                crc.reset();
                crc.update(src, offset, length);
                pos = putIntLe(out, pos, (int) crc.getValue());
                pos = putIntLe(out, pos, length);
            }
            if (pos >= length) {
                return -1;
            }
            compressed.lazySet(compressed.get() + 1);
            bytesIn.lazySet(bytesIn.get() + length);
            bytesOut.lazySet(bytesOut.get() + pos);
            return pos;
        }
    }

    private static int putIntLe(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
        b[pos + 2] = (byte) (v >>> 16);
        b[pos + 3] = (byte) (v >>> 24);
        return pos + 4;
    }

    /** Builder; {@link #build()} validates and throws {@link MiddlewareConfigException} naming the key. */
    public static final class Builder {
        private int threshold = DEFAULT_THRESHOLD;
        private int level = 6;
        private int maxBody = DEFAULT_MAX_BODY;
        private List<String> encodings = List.of("gzip", "deflate");
        private List<String> contentTypes = DEFAULT_CONTENT_TYPES;

        Builder() {
        }

        /** {@code threshold}: smallest body compressed (default 1 KiB). */
        public Builder threshold(int v) {
            threshold = v;
            return this;
        }

        /** {@code level}: deflate level 1 (fastest) .. 9 (smallest), default 6. */
        public Builder level(int v) {
            level = v;
            return this;
        }

        /** {@code max-body}: largest body compressed; sizes the two per-shard arrays (default 64 KiB). */
        public Builder maxBody(int v) {
            maxBody = v;
            return this;
        }

        /** {@code encodings}: any of {@code gzip}, {@code deflate} (default both). */
        public Builder encodings(List<String> v) {
            encodings = v.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
            return this;
        }

        /** {@code content-types}: allow-list ("text/" = a prefix, "application/json" = a type). */
        public Builder contentTypes(List<String> v) {
            contentTypes = List.copyOf(v);
            return this;
        }

        /** The middleware (allocates its deflaters and two arrays of about {@code max-body} each). */
        public ZeroCompressionLayer build() {
            MiddlewareSettings.in(MiddlewareSettings.key(BLOCK, "threshold"), threshold, 0, 1 << 30);
            MiddlewareSettings.in(MiddlewareSettings.key(BLOCK, "level"), level, 1, 9);
            MiddlewareSettings.in(MiddlewareSettings.key(BLOCK, "max-body"), maxBody, 64, 1 << 26);
            if (encodings.isEmpty()) {
                throw new MiddlewareConfigException(MiddlewareSettings.key(BLOCK, "encodings"), "must name gzip and/or deflate");
            }
            for (String e : encodings) {
                if (!e.equals("gzip") && !e.equals("deflate")) {
                    throw new MiddlewareConfigException(MiddlewareSettings.key(BLOCK, "encodings"),
                        "must be gzip and/or deflate, was " + e);
                }
            }
            if (contentTypes.isEmpty()) {
                throw new MiddlewareConfigException(MiddlewareSettings.key(BLOCK, "content-types"), "must not be empty");
            }
            for (String t : contentTypes) {
                if (t.isEmpty() || t.indexOf('/') <= 0) {
                    throw new MiddlewareConfigException(MiddlewareSettings.key(BLOCK, "content-types"),
                        "entries look like text/ or application/json, was \"" + t + "\"");
                }
            }
            return new ZeroCompressionLayer(this);
        }
    }
}
