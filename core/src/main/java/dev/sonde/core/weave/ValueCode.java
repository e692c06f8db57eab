package dev.sonde.core.weave;

import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * The code woven at a scope's entry that leaves its value on the operand stack, as one reference of a
 * JDK type: an argument, a constant, or what the library's own methods say about its objects (a unit of
 * instrumentation writes those with the library's types, which the woven class can see).
 */
public interface ValueCode {

    /** Emits the code; stack: … → …, value. The method's descriptor says what its arguments are. */
    void push(GeneratorAdapter code, Type[] arguments);

    /**
     * Emits the code for a method of class {@code owner} (binary name) named {@code method}; by default as
     * {@link #push(GeneratorAdapter, Type[])}, for values that do not depend on where they are woven.
     */
    default void push(GeneratorAdapter code, Type[] arguments, String owner, String method) {
        push(code, arguments);
    }

    /** The woven method's own name, {@code pkg.Class#method}: for an entry point named after its method. */
    static ValueCode methodName() {
        return new ValueCode() {
            @Override
            public void push(GeneratorAdapter code, Type[] arguments) {
                throw new IllegalStateException("the method's name is known only where it is woven");
            }

            @Override
            public void push(GeneratorAdapter code, Type[] arguments, String owner, String method) {
                code.push(owner + "#" + method); // stack: …, "pkg.Class#method"
            }
        };
    }

    /**
     * The woven method itself, as {@code Object[] {Class, name, argument descriptor}}: its declaring class
     * (a class constant, not {@code getClass()}, which a framework's proxy subclass would answer), its name
     * and the descriptor of its arguments ({@code (ILjava/lang/String;)}); for a listener that reads the
     * method's annotations.
     */
    static ValueCode declaringMethod() {
        return new ValueCode() {
            @Override
            public void push(GeneratorAdapter code, Type[] arguments) {
                throw new IllegalStateException("the method is known only where it is woven");
            }

            @Override
            public void push(GeneratorAdapter code, Type[] arguments, String owner, String method) {
                StringBuilder descriptor = new StringBuilder("(");
                for (Type argument : arguments) {
                    descriptor.append(argument.getDescriptor());
                }
                descriptor.append(')');
                code.push(3); // stack: …, 3
                code.newArray(Type.getType(Object.class)); // stack: …, array
                code.dup(); // stack: …, array, array
                code.push(0); // stack: …, array, array, 0
                code.push(Type.getObjectType(owner.replace('.', '/'))); // stack: …, array, array, 0, class
                code.arrayStore(Type.getType(Object.class)); // stack: …, array
                code.dup(); // stack: …, array, array
                code.push(1); // stack: …, array, array, 1
                code.push(method); // stack: …, array, array, 1, name
                code.arrayStore(Type.getType(Object.class)); // stack: …, array
                code.dup(); // stack: …, array, array
                code.push(2); // stack: …, array, array, 2
                code.push(descriptor.toString()); // stack: …, array, array, 2, descriptor
                code.arrayStore(Type.getType(Object.class)); // stack: …, array
            }
        };
    }

    /** The argument at {@code index} (from 0, not counting {@code this}), boxed if it is a primitive. */
    static ValueCode argument(int index) {
        return new ValueCode() {
            @Override
            public void push(GeneratorAdapter code, Type[] arguments) {
                code.loadArg(index); // stack: …, argument
                code.valueOf(arguments[index]); // stack: …, argument as a reference
            }
        };
    }

    /** The object whose method it is ({@code this}): for a listener that knows it from an earlier scope. */
    static ValueCode self() {
        return new ValueCode() {
            @Override
            public void push(GeneratorAdapter code, Type[] arguments) {
                code.loadThis(); // stack: …, this
            }
        };
    }

    /**
     * The arguments at {@code indexes} in a new {@code Object[]}, primitives boxed: for a listener that reads
     * more than one of the library's objects (a servlet's request, and its response as the scope ends).
     */
    static ValueCode arguments(int... indexes) {
        int[] chosen = indexes.clone();
        return new ValueCode() {
            @Override
            public void push(GeneratorAdapter code, Type[] arguments) {
                code.push(chosen.length); // stack: …, length
                code.newArray(Type.getType(Object.class)); // stack: …, array
                for (int i = 0; i < chosen.length; i++) {
                    code.dup(); // stack: …, array, array
                    code.push(i); // stack: …, array, array, i
                    code.loadArg(chosen[i]); // stack: …, array, array, i, argument
                    code.valueOf(arguments[chosen[i]]); // stack: …, array, array, i, argument as a reference
                    code.arrayStore(Type.getType(Object.class)); // stack: …, array
                }
            }
        };
    }

    /**
     * Every argument in a new {@code Object[]}, primitives boxed: for a listener that reads a call made
     * through any of several overloads (a client's {@code sendCommand(…)}).
     */
    static ValueCode allArguments() {
        return new ValueCode() {
            @Override
            public void push(GeneratorAdapter code, Type[] arguments) {
                code.push(arguments.length); // stack: …, length
                code.newArray(Type.getType(Object.class)); // stack: …, array
                for (int i = 0; i < arguments.length; i++) {
                    code.dup(); // stack: …, array, array
                    code.push(i); // stack: …, array, array, i
                    code.loadArg(i); // stack: …, array, array, i, argument
                    code.valueOf(arguments[i]); // stack: …, array, array, i, argument as a reference
                    code.arrayStore(Type.getType(Object.class)); // stack: …, array
                }
            }
        };
    }

    /**
     * The object whose method it is and the argument at {@code index}, in a new {@code Object[]}: for a
     * listener that keeps what a call says about its object (a statement's batch, given one SQL at a time).
     */
    static ValueCode selfAnd(int index) {
        return new ValueCode() {
            @Override
            public void push(GeneratorAdapter code, Type[] arguments) {
                code.push(2); // stack: …, 2
                code.newArray(Type.getType(Object.class)); // stack: …, array
                code.dup(); // stack: …, array, array
                code.push(0); // stack: …, array, array, 0
                code.loadThis(); // stack: …, array, array, 0, this
                code.arrayStore(Type.getType(Object.class)); // stack: …, array
                code.dup(); // stack: …, array, array
                code.push(1); // stack: …, array, array, 1
                code.loadArg(index); // stack: …, array, array, 1, argument
                code.valueOf(arguments[index]); // stack: …, array, array, 1, argument as a reference
                code.arrayStore(Type.getType(Object.class)); // stack: …, array
            }
        };
    }

    /** A constant text, e.g. the name of the operation. */
    static ValueCode constant(String text) {
        return new ValueCode() {
            @Override
            public void push(GeneratorAdapter code, Type[] arguments) {
                code.push(text); // stack: …, text
            }
        };
    }
}
