package dev.sonde.tracer;

import java.util.List;

/**
 * A method woven for tracing, as the writer needs it to read the event stream and render it. A root
 * method was selected by the user and is traced whenever it runs; another was woven to follow calls
 * into it, and is traced only when a traced method calls it.
 */
public record TracedMethod(
        String className,
        String name,
        String descriptor,
        boolean isStatic,
        List<Instruction> instructions,
        TracingWeaver.Detail detail,
        boolean root,
        java.lang.ref.WeakReference<ClassLoader> loader) {

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
