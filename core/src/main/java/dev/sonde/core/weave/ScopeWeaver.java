package dev.sonde.core.weave;

import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the scopes {@link ScopeTransformer} chose into one class. Apart from the transformer, so that
 * the bytecode library loads only once a class has something to weave, not with the transformer.
 */
final class ScopeWeaver {

    private ScopeWeaver() {}

    /** The class with a scope around each method {@code chosen} names (name + descriptor → its point). */
    static byte[] weave(byte[] bytes, String dottedName, Map<String, ScopePoint> chosen) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] writeFrames = new boolean[1];
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visit(
                            int version,
                            int access,
                            String name,
                            String signature,
                            String superName,
                            String[] interfaces) {
                        writeFrames[0] = (version & 0xFFFF) >= Opcodes.V1_6;
                        super.visit(version, access, name, signature, superName, interfaces);
                    }

                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                        ScopePoint point = chosen.get(name + descriptor);
                        if (point == null || next == null) {
                            return next;
                        }
                        return new ScopeAdvice(
                                next,
                                dottedName,
                                access,
                                name,
                                descriptor,
                                point.kind(),
                                point.value(),
                                point.passResult(),
                                point.handsOn(),
                                writeFrames[0]);
                    }
                },
                ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }
}
