package io.zeroio.examples;

/** The command line is wrong; the launcher prints the message and the usage, and exits with 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** With a message that names the bad argument and what would be right. */
    public UsageException(String message) {
        super(message);
    }
}
