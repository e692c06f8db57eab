package dev.sonde.tracer;

import java.util.List;

/**
 * A method woven for tracing, as the writer needs it to read the event stream and render it. A root
 * method was selected by the user and is traced whenever it runs; another was woven to follow calls
 * into it, and is traced only when a traced method calls it. (Identity is its equality: each weaving
 * registers its own.)
 */
public final class TracedMethod {

    private final String className;
    private final String name;
    private final String descriptor;
    private final boolean isStatic;
    private final List<Instruction> instructions;
    private final TracingWeaver.Detail detail;
    private final boolean root;
    private final java.lang.ref.WeakReference<ClassLoader> loader;

    public TracedMethod(
            String className,
            String name,
            String descriptor,
            boolean isStatic,
            List<Instruction> instructions,
            TracingWeaver.Detail detail,
            boolean root,
            java.lang.ref.WeakReference<ClassLoader> loader) {
        this.className = className;
        this.name = name;
        this.descriptor = descriptor;
        this.isStatic = isStatic;
        this.instructions = instructions;
        this.detail = detail;
        this.root = root;
        this.loader = loader;
    }

    public String className() {
        return className;
    }

    public String name() {
        return name;
    }

    public String descriptor() {
        return descriptor;
    }

    public boolean isStatic() {
        return isStatic;
    }

    public List<Instruction> instructions() {
        return instructions;
    }

    public TracingWeaver.Detail detail() {
        return detail;
    }

    public boolean root() {
        return root;
    }

    public java.lang.ref.WeakReference<ClassLoader> loader() {
        return loader;
    }

    /** How many values follow an enter event: the receiver, if any, and the arguments. */
    int enterValues() {
        return org.objectweb.asm.Type.getArgumentTypes(descriptor).length + (isStatic ? 0 : 1);
    }

    /** How many values follow the step event of instruction {@code index}. */
    int stepValues(int index) {
        Instruction instruction = instructions.get(index);
        switch (detail) {
            case STACK_AND_LOCALS:
                return instruction.stack().size() + instruction.locals().size();
            case STACK:
                return instruction.stack().size();
            default:
                return 0;
        }
    }

    @Override
    public String toString() {
        return className + "#" + name + descriptor;
    }
}
