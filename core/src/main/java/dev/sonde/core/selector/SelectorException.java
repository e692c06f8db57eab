package dev.sonde.core.selector;

/** A selector that does not follow the grammar; the message quotes it and says what is wrong where. */
public final class SelectorException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String selector;
    private final int character;
    private final String problem;

    /** {@code character}: where the problem is, counted from 1 in the selector as given. */
    SelectorException(String selector, int character, String problem) {
        super("malformed selector '" + selector + "': " + problem + " (at character " + character + ")");
        this.selector = selector;
        this.character = character;
        this.problem = problem;
    }

    /** The selector as it was given. */
    public String selector() {
        return selector;
    }

    /** Where the problem is: a character of the selector as given, counted from 1 (one past the end when something is missing there). */
    public int character() {
        return character;
    }

    /** What is wrong, without the selector and the position. */
    public String problem() {
        return problem;
    }
}
