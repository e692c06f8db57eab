package dev.sonde.core.weave;

import dev.sonde.core.selector.MethodView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** A quick pass over a class file, without code: its annotations and the methods that could be timed. */
public final class ClassScan extends ClassVisitor {

    public final Set<String> annotations = new HashSet<>();
    public final List<ScannedMethod> methods = new ArrayList<>();

    private ClassScan() {
        super(Opcodes.ASM9);
    }

    public static ClassScan of(ClassReader reader) {
        ClassScan scan = new ClassScan();
        reader.accept(scan, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return scan;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        annotations.add(Type.getType(descriptor).getClassName());
        return null;
    }

    @Override
    public MethodVisitor visitMethod(
            int access, String name, String descriptor, String signature, String[] exceptions) {
        if (!isTimeable(access, name)) {
            return null;
        }
        ScannedMethod method = new ScannedMethod(name, descriptor, new HashSet<>(), access);
        methods.add(method);
        return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                method.annotations.add(Type.getType(annotation).getClassName());
                return null;
            }
        };
    }

    /**
     * Methods with code, except bridges and compiler-made helpers; lambda bodies ({@code lambda$…})
     * are kept, since they hold the user's code.
     */
    static boolean isTimeable(int access, String name) {
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) {
            return false;
        }
        return (access & Opcodes.ACC_SYNTHETIC) == 0 || name.startsWith("lambda$");
    }

    /** A method that could be timed: its name, descriptor and annotations. Not a record: no invokedynamic here. */
    public static final class ScannedMethod implements MethodView {

        private final String name;
        private final String descriptor;
        private final Set<String> annotations;
        private final int access;

        public ScannedMethod(String name, String descriptor, Set<String> annotations, int access) {
            this.name = name;
            this.descriptor = descriptor;
            this.annotations = annotations;
            this.access = access;
        }

        /** Whether the method is public. */
        public boolean isPublic() {
            return (access & Opcodes.ACC_PUBLIC) != 0;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String descriptor() {
            return descriptor;
        }

        @Override
        public Set<String> annotations() {
            return annotations;
        }
    }
}
