package dev.sonde.core.selector;

import java.util.Set;

/** What a selector may ask of a method. */
public interface MethodView {

    /** The name as in the class file: {@code <init>} for a constructor, {@code <clinit>} for a static initialiser. */
    String name();

    /** The JVM descriptor, e.g. {@code (Ljava/lang/String;I)V}. */
    String descriptor();

    /** Binary names of the annotations on the method. */
    Set<String> annotations();
}
