package dev.sonde.core.weave;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;
import org.objectweb.asm.commons.Method;

/**
 * Weaves timing into one method:
 * <pre>
 *   long start = System.nanoTime();          // first instruction, before super(…) in a constructor
 *   try {                                    // from after super(…) in a constructor
 *       …original code; before each return: Bridge.exit(id, start)
 *   } catch (any t) {                        // last entry of the exception table: the method's own handlers come first
 *       Bridge.exitWithError(id, start); throw t;
 *   }
 * </pre>
 * The start local is added by {@link org.objectweb.asm.commons.LocalVariablesSorter}, which also
 * rewrites the existing stack map frames; the handler's frame is written here, with every local but
 * the start as TOP, so no class hierarchy is ever needed.
 */
final class TimingAdvice extends AdviceAdapter {

    static final String BRIDGE = "dev/sonde/bootstrap/Bridge";
    private static final Type SYSTEM = Type.getType(System.class);
    private static final Method NANO_TIME = Method.getMethod("long nanoTime()");
    private static final Type BRIDGE_TYPE = Type.getObjectType(BRIDGE);
    private static final Method EXIT = Method.getMethod("void exit(int, long)");
    private static final Method EXIT_WITH_ERROR = Method.getMethod("void exitWithError(int, long)");

    private final int methodId;
    private final boolean writeFrames;
    private final int argumentSlots;
    private final boolean constructor;
    private final Label tryStart = new Label();
    private final Label tryEnd = new Label();
    private final Label handler = new Label();
    private final Label codeEnd = new Label();
    private int start;
    private boolean entered;
    private int exits;

    TimingAdvice(MethodVisitor next, int access, String name, String descriptor, int methodId, boolean writeFrames) {
        super(Opcodes.ASM9, next, access, name, descriptor);
        this.methodId = methodId;
        this.writeFrames = writeFrames;
        int slots = (access & ACC_STATIC) == 0 ? 1 : 0;
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            slots += argument.getSize();
        }
        this.argumentSlots = slots;
        this.constructor = name.equals("<init>");
    }

    @Override
    public void visitCode() {
        super.visitCode();   // calls onMethodEnter at once, except in a constructor
        if (constructor) {
            // AdviceAdapter delays onMethodEnter until after super(…); the clock starts now regardless
            startClock();
        }
    }

    @Override
    protected void onMethodEnter() {
        if (!constructor) {
            startClock();
        }
        entered = true;
        mv.visitLabel(tryStart);
    }

    private void startClock() {
        start = newLocal(Type.LONG_TYPE);
        invokeStatic(SYSTEM, NANO_TIME);   // stack: long
        storeLocal(start);                 // stack: (empty)
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (opcode == ATHROW) {
            return;   // the handler sees every throw, explicit or not
        }
        exits++;
        push(methodId);                    // stack: …, int
        loadLocal(start);                  // stack: …, int, long
        invokeStatic(BRIDGE_TYPE, EXIT);   // stack: … (the return value, if any, untouched below)
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (entered) {
            mv.visitLabel(tryEnd);
            mv.visitTryCatchBlock(tryStart, tryEnd, handler, null);
            mv.visitLabel(handler);
            if (writeFrames) {
                Object[] locals = new Object[argumentSlots + 1];
                for (int i = 0; i < argumentSlots; i++) {
                    locals[i] = Opcodes.TOP;
                }
                locals[argumentSlots] = Opcodes.LONG;
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            // stack: throwable
            push(methodId);                             // stack: throwable, int
            loadLocal(start);                           // stack: throwable, int, long
            invokeStatic(BRIDGE_TYPE, EXIT_WITH_ERROR); // stack: throwable
            mv.visitInsn(ATHROW);                       // rethrown untouched
        }
        mv.visitLabel(codeEnd);
        super.visitMaxs(maxStack, maxLocals);
    }

    /** The woven method's code length in bytes; known once the class has been written. */
    int wovenLength() {
        return codeEnd.getOffset();
    }

    /**
     * The original method's code length, from the woven one less what weaving adds: the clock start
     * (at most 7 bytes), the exit call before each return (at most 10 bytes: ldc_w, lload wide,
     * invokestatic) and the handler (at most 14 bytes).
     */
    int originalLengthAtLeast() {
        return wovenLength() - 7 - 10 * exits - 14;
    }
}
