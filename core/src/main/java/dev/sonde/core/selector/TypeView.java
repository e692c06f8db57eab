package dev.sonde.core.selector;

import java.util.Set;
import java.util.function.Predicate;

/** What a selector may ask of a class: its name, its annotations and, for {@code Type+}, its supertypes. */
public interface TypeView {

    /** The binary name with dots, e.g. {@code acc.Shapes$Sized}. */
    String name();

    /** Binary names of the annotations on the class, visible or not at run time. */
    Set<String> annotations();

    /** Whether this class or any of its supertypes (classes and interfaces, transitively) has a name accepted by the test. */
    boolean selfOrSupertype(Predicate<String> nameTest);
}
