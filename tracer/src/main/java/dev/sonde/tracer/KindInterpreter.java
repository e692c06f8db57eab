package dev.sonde.tracer;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * ASM's basic interpreter, plus the one thing it does not track: which references are not yet
 * initialised (the result of {@code new} until its constructor runs, and {@code this} in a constructor
 * until {@code super(…)}). Those may be moved about but never passed to a method, so the tracer marks
 * them instead of recording them. No class is ever loaded.
 */
final class KindInterpreter extends BasicInterpreter {

    /** An uninitialised reference; identity tells one {@code new} from another. */
    static final class Uninitialized extends BasicValue {
        Uninitialized() {
            super(Type.getObjectType("java/lang/Object"));
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final boolean constructor;
    private final Uninitialized uninitializedThis = new Uninitialized();
    /**
     * One value per {@code new} instruction, as the verifier names it by its offset: the analysis runs
     * an instruction again whenever the frame before it changes, and a fresh value each time would not
     * merge with the one from the first run at the next join (its kind would be lost).
     */
    private final Map<AbstractInsnNode, Uninitialized> news = new HashMap<>();

    KindInterpreter(boolean constructor) {
        super(Opcodes.ASM9);
        this.constructor = constructor;
    }

    @Override
    public BasicValue newParameterValue(boolean isInstanceMethod, int local, Type type) {
        if (constructor && isInstanceMethod && local == 0) {
            return uninitializedThis;
        }
        return super.newParameterValue(isInstanceMethod, local, type);
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.NEW) {
            Uninitialized value = news.get(insn);
            if (value == null) {
                value = new Uninitialized();
                news.put(insn, value);
            }
            return value;
        }
        return super.newOperation(insn);
    }

    @Override
    public BasicValue merge(BasicValue value1, BasicValue value2) {
        if (value1 == value2) {
            return value1;
        }
        if (value1 instanceof Uninitialized || value2 instanceof Uninitialized) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        return super.merge(value1, value2);
    }

    /** A frame that, once a constructor has run on an uninitialised reference, marks every copy of it initialised. */
    static final class TrackingFrame extends Frame<BasicValue> {
        TrackingFrame(int locals, int stack) {
            super(locals, stack);
        }

        TrackingFrame(Frame<? extends BasicValue> frame) {
            super(frame);
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
            BasicValue receiver = null;
            if (insn.getOpcode() == Opcodes.INVOKESPECIAL && ((MethodInsnNode) insn).name.equals("<init>")) {
                int arguments = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
                receiver = getStack(getStackSize() - 1 - arguments);
            }
            super.execute(insn, interpreter);
            if (receiver instanceof Uninitialized) {
                for (int i = 0; i < getLocals(); i++) {
                    if (getLocal(i) == receiver) {
                        setLocal(i, BasicValue.REFERENCE_VALUE);
                    }
                }
                for (int i = 0; i < getStackSize(); i++) {
                    if (getStack(i) == receiver) {
                        setStack(i, BasicValue.REFERENCE_VALUE);
                    }
                }
            }
        }
    }

    static Kind kind(BasicValue value) {
        if (value instanceof Uninitialized) {
            return Kind.UNINITIALIZED;
        }
        if (value == BasicValue.INT_VALUE) {
            return Kind.INT;
        }
        if (value == BasicValue.LONG_VALUE) {
            return Kind.LONG;
        }
        if (value == BasicValue.FLOAT_VALUE) {
            return Kind.FLOAT;
        }
        if (value == BasicValue.DOUBLE_VALUE) {
            return Kind.DOUBLE;
        }
        if (value != null && value.isReference()) {
            return Kind.REFERENCE;
        }
        return null; // unusable here (uninitialised slot, second half of a long, return address)
    }
}
