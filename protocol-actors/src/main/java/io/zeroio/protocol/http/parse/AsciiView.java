package io.zeroio.protocol.http.parse;

import org.agrona.DirectBuffer;

/**
 * A {@link CharSequence} over ASCII bytes where they lie (a pool slot): no copy, no allocation.
 * A flyweight: the owner re-points it with {@link #wrap}, so a view returned by an accessor is
 * valid until that accessor is called again or the request is done; {@link #toString()} copies
 * (and allocates) for keeping.
 */
public final class AsciiView implements CharSequence {
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /** Points this view at {@code length} bytes from {@code offset} of {@code buffer}. */
    public AsciiView wrap(DirectBuffer newBuffer, int newOffset, int newLength) {
        this.buffer = newBuffer;
        this.offset = newOffset;
        this.length = newLength;
        return this;
    }

    /** The buffer viewed. */
    public DirectBuffer buffer() {
        return buffer;
    }

    /** The first byte's index in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (length - 1));
        }
        return (char) (buffer.getByte(offset + index) & 0xFF);
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        return buffer.getByte(offset + index);
    }

    /** Whether the bytes spell {@code s} exactly. Allocation-free. */
    public boolean contentEquals(CharSequence s) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((buffer.getByte(offset + i) & 0xFF) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes spell {@code s} ignoring ASCII case. Allocation-free. */
    public boolean equalsIgnoreCase(CharSequence s) {
        return s.length() == length && Ascii.equalsIgnoreCase(buffer, offset, s, length);
    }

    /** Whether the view starts with {@code prefix}. */
    public boolean startsWith(CharSequence prefix) {
        if (prefix.length() > length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if ((buffer.getByte(offset + i) & 0xFF) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as a non-negative decimal number, or -1 when they are not one (or overflow). */
    public long parseLong() {
        return Ascii.parseDecimal(buffer, offset, length);
    }

    /** A copy as a new String (allocates: subsequences are for logs and tests). */
    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    /** A copy as a String (allocates). */
    @Override
    public String toString() {
        return length == 0 ? "" : buffer.getStringWithoutLengthAscii(offset, length);
    }
}
