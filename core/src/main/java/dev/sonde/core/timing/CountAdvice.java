package dev.sonde.core.timing;

import dev.sonde.core.weave.BridgeNames;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves counting into one method of the counted tier, a method that proved hot and short:
 * <pre>
 *   Bridge.frames().count(counter);         // first instructions, before super(…) in a constructor
 *   …original code, untouched
 * </pre>
 * No clock is read, no local is added and no handler: the existing stack map frames stay valid.
 */
final class CountAdvice extends MethodVisitor {

    private final int counter;

    /** @param counter the method's counter, which the registry numbered when the method moved to the tier */
    CountAdvice(MethodVisitor next, int counter) {
        super(Opcodes.ASM9, next);
        this.counter = counter;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        super.visitMethodInsn(
                Opcodes.INVOKESTATIC, BridgeNames.BRIDGE, "frames", "()L" + BridgeNames.FRAMES + ";", false);
        super.visitLdcInsn(counter);
        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BridgeNames.FRAMES, "count", "(I)V", false);
    }
}
