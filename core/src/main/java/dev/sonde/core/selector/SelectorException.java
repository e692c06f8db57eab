package dev.sonde.core.selector;

/** A selector that does not follow the grammar; the message quotes it and says what is wrong where. */
public final class SelectorException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    SelectorException(String selector, int position, String problem) {
        super("malformed selector '" + selector + "': " + problem + " (at character " + (position + 1) + ")");
    }
}
