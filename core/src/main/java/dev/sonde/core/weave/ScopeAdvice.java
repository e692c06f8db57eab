package dev.sonde.core.weave;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AdviceAdapter;
import org.objectweb.asm.commons.Method;

/**
 * Weaves a scope around one method of a library:
 * <pre>
 *   Frames frames = Bridge.frames();
 *   int frame = frames.enterScope(KIND, value);   // value: what the point's ValueCode pushes
 *   argument = (Type) frames.handOn(frame, argument); // only for a point that hands an argument on
 *   try {
 *       …original code; before each return: frames.exitScope(frame, null), or with the point's
 *       passResult and an object returned, frames.exitScope(frame, theReturnedObject)
 *   } catch (any t) {                             // last in the exception table
 *       frames.exitScope(frame, t); throw t;
 *   }
 * </pre>
 * Constructors are not woven with scopes: a library's calls worth a scope are methods.
 */
final class ScopeAdvice extends AdviceAdapter {

    private static final Type BRIDGE_TYPE = Type.getObjectType(BridgeNames.BRIDGE);
    private static final Type FRAMES_TYPE = Type.getObjectType(BridgeNames.FRAMES);
    private static final Method FRAMES_METHOD = new Method("frames", FRAMES_TYPE, new Type[0]);
    private static final Method ENTER_SCOPE = Method.getMethod("int enterScope(int, Object)");
    private static final Method EXIT_SCOPE = Method.getMethod("void exitScope(int, Object)");
    private static final Method HAND_ON = Method.getMethod("Object handOn(int, Object)");

    private final int kind;
    private final ValueCode value;
    private final String owner;
    private final String name;
    private final boolean passResult;
    private final int handsOn;
    private final boolean writeFrames;
    private final int argumentSlots;
    private final Type[] arguments;
    private final Label tryStart = new Label();
    private final Label tryEnd = new Label();
    private final Label handler = new Label();
    private int framesLocal = -1;
    private int frameLocal;

    ScopeAdvice(
            MethodVisitor next,
            String owner,
            int access,
            String name,
            String descriptor,
            int kind,
            ValueCode value,
            boolean passResult,
            int handsOn,
            boolean writeFrames) {
        super(Opcodes.ASM9, next, access, name, descriptor);
        this.kind = kind;
        this.value = value;
        this.owner = owner;
        this.name = name;
        this.passResult = passResult;
        this.writeFrames = writeFrames;
        this.arguments = Type.getArgumentTypes(descriptor);
        if (handsOn >= arguments.length
                || handsOn >= 0
                        && arguments[handsOn].getSort() != Type.OBJECT
                        && arguments[handsOn].getSort() != Type.ARRAY) {
            throw new IllegalArgumentException(
                    "argument " + handsOn + " of " + owner + "#" + name + descriptor + " is no object to hand on");
        }
        this.handsOn = handsOn;
        int slots = (access & ACC_STATIC) == 0 ? 1 : 0;
        for (Type argument : arguments) {
            slots += argument.getSize();
        }
        this.argumentSlots = slots;
    }

    @Override
    protected void onMethodEnter() {
        framesLocal = newLocal(FRAMES_TYPE);
        frameLocal = newLocal(Type.INT_TYPE);
        if (framesLocal != argumentSlots || frameLocal != argumentSlots + 1) {
            throw new IllegalStateException("the scope's locals must follow the arguments");
        }
        // spotless:off
        invokeStatic(BRIDGE_TYPE, FRAMES_METHOD);   // stack: frames
        dup();                                      // stack: frames, frames
        storeLocal(framesLocal);                    // stack: frames
        push(kind);                                 // stack: frames, int
        value.push(this, arguments, owner, name);   // stack: frames, int, value
        invokeVirtual(FRAMES_TYPE, ENTER_SCOPE);    // stack: int
        storeLocal(frameLocal);                     // stack: (empty)
        if (handsOn >= 0) {
            loadLocal(framesLocal);                 // stack: frames
            loadLocal(frameLocal);                  // stack: frames, int
            loadArg(handsOn);                       // stack: frames, int, argument
            invokeVirtual(FRAMES_TYPE, HAND_ON);    // stack: object
            checkCast(arguments[handsOn]);          // stack: argument's type
            storeArg(handsOn);                      // stack: (empty)
        }
        // spotless:on
        mv.visitLabel(tryStart);
    }

    @Override
    protected void onMethodExit(int opcode) {
        if (opcode == ATHROW) {
            return; // the handler sees every throw
        }
        if (opcode == ARETURN && passResult) {
            // spotless:off
            dup();                                  // stack: …, result, result
            loadLocal(framesLocal);                 // stack: …, result, result, frames
            swap();                                 // stack: …, result, frames, result
            loadLocal(frameLocal);                  // stack: …, result, frames, result, int
            swap();                                 // stack: …, result, frames, int, result
            invokeVirtual(FRAMES_TYPE, EXIT_SCOPE); // stack: …, result
            // spotless:on
            return;
        }
        // spotless:off
        loadLocal(framesLocal);                     // stack: …, frames
        loadLocal(frameLocal);                      // stack: …, frames, int
        visitInsn(ACONST_NULL);                     // stack: …, frames, int, null
        invokeVirtual(FRAMES_TYPE, EXIT_SCOPE);     // stack: … (the return value, if any, untouched below)
        // spotless:on
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (framesLocal >= 0) {
            mv.visitLabel(tryEnd);
            mv.visitTryCatchBlock(tryStart, tryEnd, handler, null);
            mv.visitLabel(handler);
            if (writeFrames) {
                Object[] locals = new Object[framesLocal + 2];
                for (int i = 0; i < framesLocal; i++) {
                    locals[i] = Opcodes.TOP;
                }
                locals[framesLocal] = BridgeNames.FRAMES;
                locals[framesLocal + 1] = Opcodes.INTEGER;
                mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            // spotless:off
            // stack: throwable
            mv.visitInsn(DUP);                                                            // stack: t, t
            mv.visitVarInsn(ALOAD, framesLocal);                                          // stack: t, t, frames
            mv.visitInsn(SWAP);                                                           // stack: t, frames, t
            mv.visitVarInsn(ILOAD, frameLocal);                                           // stack: t, frames, t, int
            mv.visitInsn(SWAP);                                                           // stack: t, frames, int, t
            mv.visitMethodInsn(INVOKEVIRTUAL, BridgeNames.FRAMES, "exitScope", EXIT_SCOPE.getDescriptor(), false);
                                                                                          // stack: t
            mv.visitInsn(ATHROW);                                                         // rethrown untouched
            // spotless:on
        }
        super.visitMaxs(maxStack, maxLocals);
    }
}
