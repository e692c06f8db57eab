package dev.sonde.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.testkit.WovenCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** A method that timing would push past the 64 KiB code limit is left alone; the rest of its class is woven. */
class LargeMethodTest {

    private static byte[] classWithAHugeMethod() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "huge/Big", null, "java/lang/Object", null);
        MethodVisitor huge = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "huge", "()V", null, null);
        huge.visitCode();
        for (int i = 0; i < 65_530; i++) {
            huge.visitInsn(Opcodes.NOP);
        }
        huge.visitInsn(Opcodes.RETURN);
        huge.visitMaxs(0, 0);
        huge.visitEnd();
        MethodVisitor small = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "small", "()V", null, null);
        small.visitCode();
        small.visitInsn(Opcodes.RETURN);
        small.visitMaxs(0, 0);
        small.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void skipsOnlyTheMethodThatWouldOutgrowTheLimit() {
        TimingTransformer transformer = new TimingTransformer(
                MethodSelection.of(List.of(MethodSelector.parse("huge.Big")), List.of()),
                new MethodRegistry(10),
                module -> {});

        byte[] woven = transformer.transform(null, null, "huge/Big", null, null, classWithAHugeMethod());

        assertNotNull(woven);
        assertEquals(List.of("small"), WovenCode.methodsCalling(woven, TimingAdvice.BRIDGE));
    }
}
