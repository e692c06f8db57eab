package dev.sonde.core.weave;

import dev.sonde.core.internal.Log;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves scopes around the library methods that a set of {@link ScopePoint}s selects: what a unit of
 * library instrumentation (JDBC, Redis, HTTP) gives the engine. A method selected by two points gets
 * the first one's.
 */
public final class ScopeTransformer extends WeavingTransformer {

    private final List<ScopePoint> points;
    private final TypeHierarchy hierarchy = TypeHierarchy.shared();

    public ScopeTransformer(List<ScopePoint> points, Consumer<Module> bridgeReader) {
        super(bridgeReader, "could not weave the scopes into ");
        this.points = List.copyOf(points);
    }

    @Override
    protected boolean mayWeaveNamed(String dottedName) {
        for (ScopePoint point : points) {
            if (point.methods().mayMatchClassNamed(dottedName)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected byte[] weave(ClassLoader loader, String dottedName, byte[] bytes) {
        Map<String, ScopePoint> chosen = new HashMap<>();
        for (ScopePoint point : points) {
            if (!point.methods().mayMatchClassNamed(dottedName)) {
                continue;
            }
            for (ClassScan.ScannedMethod method :
                    SelectedMethods.of(point.methods(), hierarchy, loader, bytes, dottedName)) {
                if (!method.name().startsWith("<")) {
                    chosen.putIfAbsent(method.name() + method.descriptor(), point);
                }
            }
        }
        if (chosen.isEmpty()) {
            return null;
        }
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
                                writeFrames[0]);
                    }
                },
                ClassReader.EXPAND_FRAMES);
        Log.debug("wove " + chosen.size() + " scope(s) into " + dottedName);
        return writer.toByteArray();
    }
}
