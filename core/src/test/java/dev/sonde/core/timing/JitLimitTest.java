package dev.sonde.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.testkit.WovenCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A method that HotSpot compiles today must not be pushed past its 8,000-byte limit by weaving, or it
 * would run interpreted from then on; one already past the limit loses nothing and is timed.
 */
class JitLimitTest {

    /** A static int method of about {@code length} bytes with {@code returns} return instructions. */
    private static void method(ClassWriter writer, String name, int length, int returns) {
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, "(I)I", null, null);
        method.visitCode();
        for (int i = 0; i < returns - 1; i++) {
            Label next = new Label();
            method.visitVarInsn(Opcodes.ILOAD, 0); // 1 byte
            method.visitIntInsn(Opcodes.SIPUSH, i); // 3 bytes
            method.visitJumpInsn(Opcodes.IF_ICMPNE, next); // 3 bytes
            method.visitIntInsn(Opcodes.SIPUSH, i); // 3 bytes
            method.visitInsn(Opcodes.IRETURN); // 1 byte
            method.visitLabel(next);
            method.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
        for (int i = 11 * (returns - 1); i < length - 2; i++) {
            method.visitInsn(Opcodes.NOP);
        }
        method.visitInsn(Opcodes.ICONST_0);
        method.visitInsn(Opcodes.IRETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
    }

    @Test
    void leavesAloneAMethodThatTimingWouldPushPastTheJitLimitAndTimesTheOthers() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "jit/Sizes", null, "java/lang/Object", null);
        method(writer, "nearLimit", 7_900, 200); // 7,900 bytes + 200 exits: would cross 8,000
        method(writer, "small", 100, 5);
        method(writer, "alreadyHuge", 9_000, 5); // never compiled anyway: timing costs it nothing
        writer.visitEnd();
        TimingTransformer transformer = new TimingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse("jit.Sizes")), List.of()),
                new MethodRegistry(10),
                module -> {});

        byte[] woven = transformer.transform(null, null, "jit/Sizes", null, null, writer.toByteArray());

        assertEquals(List.of("small", "alreadyHuge"), WovenCode.methodsCalling(woven, TimingAdvice.BRIDGE));
    }
}
