package dev.sonde.tracer;

import java.util.List;

/**
 * One instruction of a traced method as the trace shows it, with what is recorded before it runs:
 * {@code index}, its position among the method's instructions, from 0; {@code offset}, the bytecode
 * offset as {@code javap -c} shows it; {@code mnemonic}, javap's lower-case mnemonic, e.g.
 * {@code iload_1}; {@code operands} in readable form (local names, jump targets, constants, members);
 * {@code stack}, the kinds of the operand stack values before the instruction, bottom to top;
 * {@code locals}, the local variables recorded before it; {@code call}, for an invoke instruction, what
 * it calls (otherwise null); {@code line}, the source line, or -1 without debug information.
 *
 * <p>A plain class rather than a record: a record's {@code equals}, {@code hashCode} and
 * {@code toString} bootstrap through {@code invokedynamic}, which the probe's code must not use.
 */
public final class Instruction {

    private final int index;
    private final int offset;
    private final String mnemonic;
    private final String operands;
    private final List<Kind> stack;
    private final List<Local> locals;
    private final Call call;
    private final int line;

    public Instruction(
            int index,
            int offset,
            String mnemonic,
            String operands,
            List<Kind> stack,
            List<Local> locals,
            Call call,
            int line) {
        this.index = index;
        this.offset = offset;
        this.mnemonic = mnemonic;
        this.operands = operands;
        this.stack = stack;
        this.locals = locals;
        this.call = call;
        this.line = line;
    }

    public int index() {
        return index;
    }

    public int offset() {
        return offset;
    }

    public String mnemonic() {
        return mnemonic;
    }

    public String operands() {
        return operands;
    }

    public List<Kind> stack() {
        return stack;
    }

    public List<Local> locals() {
        return locals;
    }

    public Call call() {
        return call;
    }

    public int line() {
        return line;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Instruction)) {
            return false;
        }
        Instruction that = (Instruction) other;
        return index == that.index
                && offset == that.offset
                && java.util.Objects.equals(mnemonic, that.mnemonic)
                && java.util.Objects.equals(operands, that.operands)
                && java.util.Objects.equals(stack, that.stack)
                && java.util.Objects.equals(locals, that.locals)
                && java.util.Objects.equals(call, that.call)
                && line == that.line;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        hash = hash * 31 + index;
        hash = hash * 31 + offset;
        hash = hash * 31 + java.util.Objects.hashCode(mnemonic);
        hash = hash * 31 + java.util.Objects.hashCode(operands);
        hash = hash * 31 + java.util.Objects.hashCode(stack);
        hash = hash * 31 + java.util.Objects.hashCode(locals);
        hash = hash * 31 + java.util.Objects.hashCode(call);
        hash = hash * 31 + line;
        return hash;
    }

    @Override
    public String toString() {
        return "Instruction[" + "index=" + index + ", " + "offset=" + offset + ", " + "mnemonic=" + mnemonic + ", "
                + "operands=" + operands + ", " + "stack=" + stack + ", " + "locals=" + locals + ", " + "call=" + call
                + ", " + "line=" + line + "]";
    }

    /**
     * The method an invoke instruction names: {@code owner} (internal name), {@code name},
     * {@code descriptor}; for invokedynamic, the lambda body, or null names when it has none. {@code virtual}
     * when the receiver's runtime class decides; {@code receiver} is its index on the stack, or -1.
     */
    public static final class Call {

        private final int opcode;
        private final String owner;
        private final String name;
        private final String descriptor;
        private final boolean virtual;
        private final int receiver;

        public Call(int opcode, String owner, String name, String descriptor, boolean virtual, int receiver) {
            this.opcode = opcode;
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
            this.virtual = virtual;
            this.receiver = receiver;
        }

        public int opcode() {
            return opcode;
        }

        public String owner() {
            return owner;
        }

        public String name() {
            return name;
        }

        public String descriptor() {
            return descriptor;
        }

        public boolean virtual() {
            return virtual;
        }

        public int receiver() {
            return receiver;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Call)) {
                return false;
            }
            Call that = (Call) other;
            return opcode == that.opcode
                    && java.util.Objects.equals(owner, that.owner)
                    && java.util.Objects.equals(name, that.name)
                    && java.util.Objects.equals(descriptor, that.descriptor)
                    && virtual == that.virtual
                    && receiver == that.receiver;
        }

        @Override
        public int hashCode() {
            int hash = 0;
            hash = hash * 31 + opcode;
            hash = hash * 31 + java.util.Objects.hashCode(owner);
            hash = hash * 31 + java.util.Objects.hashCode(name);
            hash = hash * 31 + java.util.Objects.hashCode(descriptor);
            hash = hash * 31 + (virtual ? 1 : 0);
            hash = hash * 31 + receiver;
            return hash;
        }

        @Override
        public String toString() {
            return "Call[" + "opcode=" + opcode + ", " + "owner=" + owner + ", " + "name=" + name + ", " + "descriptor="
                    + descriptor + ", " + "virtual=" + virtual + ", " + "receiver=" + receiver + "]";
        }
    }

    /**
     * A local variable slot that the verifier lets the tracer read at this instruction; {@code name} and
     * {@code descriptor} (its declared type, e.g. {@code Z}) come from the local variable table, and are
     * null without one.
     */
    public static final class Local {

        private final int slot;
        private final String name;
        private final String descriptor;
        private final Kind kind;

        public Local(int slot, String name, String descriptor, Kind kind) {
            this.slot = slot;
            this.name = name;
            this.descriptor = descriptor;
            this.kind = kind;
        }

        public int slot() {
            return slot;
        }

        public String name() {
            return name;
        }

        public String descriptor() {
            return descriptor;
        }

        public Kind kind() {
            return kind;
        }

        /** Whether it is declared {@code boolean}: an int on the JVM, shown as true or false. */
        boolean isBoolean() {
            return kind == Kind.INT && "Z".equals(descriptor);
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Local)) {
                return false;
            }
            Local that = (Local) other;
            return slot == that.slot
                    && java.util.Objects.equals(name, that.name)
                    && java.util.Objects.equals(descriptor, that.descriptor)
                    && java.util.Objects.equals(kind, that.kind);
        }

        @Override
        public int hashCode() {
            int hash = 0;
            hash = hash * 31 + slot;
            hash = hash * 31 + java.util.Objects.hashCode(name);
            hash = hash * 31 + java.util.Objects.hashCode(descriptor);
            hash = hash * 31 + java.util.Objects.hashCode(kind);
            return hash;
        }

        @Override
        public String toString() {
            return "Local[" + "slot=" + slot + ", " + "name=" + name + ", " + "descriptor=" + descriptor + ", "
                    + "kind=" + kind + "]";
        }
    }
}
