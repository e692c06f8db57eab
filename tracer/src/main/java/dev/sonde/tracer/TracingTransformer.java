package dev.sonde.tracer;

import dev.sonde.core.internal.Log;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ClassScan;
import dev.sonde.core.weave.SelectedMethods;
import dev.sonde.core.weave.TypeHierarchy;
import dev.sonde.core.weave.WeavingTransformer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Weaves the tracer into the methods that {@code trace.bytecode} selects (and those {@code --follow}
 * reaches). Each method gets as much detail as fits: stack and locals, then the stack alone, then
 * instructions alone, when more would take it past the 8,000 bytes above which HotSpot never compiles a
 * method (unless it was past them already) or the 64 KiB code limit. A method that no level keeps
 * compilable is traced fully and runs interpreted, with a warning; one that no level keeps under
 * 64 KiB is left alone, with a warning.
 */
public final class TracingTransformer extends WeavingTransformer {

    private final MethodSelection selection;
    private final TraceRecorder recorder;
    private final TypeHierarchy hierarchy = new TypeHierarchy();
    private final boolean follow;
    /** Methods woven to follow calls into them, by class: {@code name + descriptor}. */
    private final Map<String, java.util.Set<String>> followed = new java.util.concurrent.ConcurrentHashMap<>();
    /** The latest id of each woven method, by {@code class#name+descriptor}. */
    private final Map<String, Integer> woven = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param follow whether invoke instructions hand their receiver to the tracer, to follow calls */
    public TracingTransformer(MethodSelection selection, TraceRecorder recorder, Consumer<Module> bridgeReader,
            boolean follow) {
        super(bridgeReader, "could not weave the tracer into ");
        this.selection = selection;
        this.recorder = recorder;
        this.follow = follow;
    }

    /** The id of {@code className#nameAndDescriptor} as woven for tracing now, or null. */
    Integer wovenId(String className, String nameAndDescriptor) {
        return woven.get(className + "#" + nameAndDescriptor);
    }

    /** Asks for a method to be woven when its class is next transformed (the caller retransforms it). */
    void follow(String className, String nameAndDescriptor) {
        java.util.Set<String> methods = followed.get(className);
        if (methods == null) {
            followed.putIfAbsent(className, java.util.concurrent.ConcurrentHashMap.newKeySet());
            methods = followed.get(className);
        }
        methods.add(nameAndDescriptor);
    }

    @Override
    protected boolean mayWeaveNamed(String dottedName) {
        return selection.mayMatchClassNamed(dottedName) || followed.containsKey(dottedName);
    }

    @Override
    protected byte[] weave(ClassLoader loader, String dottedName, byte[] bytes) throws Exception {
        ClassReader reader = new ClassReader(bytes);
        List<ClassScan.ScannedMethod> selected = selection.mayMatchClassNamed(dottedName)
                ? SelectedMethods.of(selection, hierarchy, loader, reader, dottedName) : List.of();
        java.util.Set<String> roots = new java.util.HashSet<>();
        Map<String, TracingWeaver.Detail> details = new HashMap<>();
        for (ClassScan.ScannedMethod method : selected) {
            roots.add(method.name() + method.descriptor());
            details.put(method.name() + method.descriptor(), TracingWeaver.Detail.STACK_AND_LOCALS);
        }
        for (String method : followed.getOrDefault(dottedName, java.util.Set.of())) {
            details.put(method, TracingWeaver.Detail.STACK_AND_LOCALS);
        }
        if (details.isEmpty()) {
            return null;
        }
        Map<String, Integer> ids = new HashMap<>();
        java.util.Set<String> interpreted = new java.util.HashSet<>();
        while (!details.isEmpty()) {
            ClassNode node = read(reader);
            Map<String, LabelNode> ends = new HashMap<>();
            Map<String, Integer> originalLengths = new HashMap<>();
            for (MethodNode method : node.methods) {
                TracingWeaver.Detail detail = details.get(method.name + method.desc);
                if (detail == null || method.instructions.size() == 0) {
                    continue;
                }
                List<Instruction> analysis = MethodAnalysis.analyze(reader, node.name, method);
                originalLengths.put(method.name + method.desc, originalLength(analysis));
                String key = method.name + method.desc;
                int id = recorder.register(new TracedMethod(dottedName, method.name, method.desc,
                        (method.access & Opcodes.ACC_STATIC) != 0, analysis, detail, roots.contains(key),
                        new java.lang.ref.WeakReference<>(loader)));
                if (id < 0) {
                    Log.warnOnce("trace methods cap", "more methods were woven for tracing than "
                            + TraceRecorder.MAX_METHODS + "; " + dottedName + " and later ones are not traced");
                    return null;
                }
                ids.put(key, id);
                TracingWeaver.weave(node.name, method, id, analysis, detail, follow);
                LabelNode end = new LabelNode();
                method.instructions.add(end);
                ends.put(method.name + method.desc, end);
            }
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            byte[] woven;
            try {
                node.accept(writer);
                woven = writer.toByteArray();
            } catch (MethodTooLargeException e) {
                degrade(details, dottedName, e.getMethodName() + e.getDescriptor(), "the 64 KiB limit on a method's code");
                continue;
            }
            String tooLarge = null;
            for (Map.Entry<String, LabelNode> end : ends.entrySet()) {
                int length = end.getValue().getLabel().getOffset();
                if (length > JIT_LIMIT && originalLengths.get(end.getKey()) <= JIT_LIMIT
                        && details.get(end.getKey()) != null && !interpreted.contains(end.getKey())) {
                    tooLarge = end.getKey();
                    break;
                }
            }
            if (tooLarge != null) {
                if (details.get(tooLarge) == TracingWeaver.Detail.INSTRUCTIONS) {
                    // nothing keeps it compilable: trace it fully, interpreted, rather than not at all
                    interpreted.add(tooLarge);
                    details.put(tooLarge, TracingWeaver.Detail.STACK_AND_LOCALS);
                    Log.warnOnce("trace interpreted " + dottedName + tooLarge, "tracing " + dottedName + "#" + tooLarge
                            + " takes it past the " + JIT_LIMIT + " bytes above which HotSpot never compiles a method:"
                            + " it runs interpreted from now on");
                } else {
                    degrade(details, dottedName, tooLarge, "the " + JIT_LIMIT + " bytes above which HotSpot never"
                            + " compiles a method");
                }
                continue;
            }
            for (Map.Entry<String, Integer> id : ids.entrySet()) {
                if (details.containsKey(id.getKey())) {
                    this.woven.put(dottedName + "#" + id.getKey(), id.getValue());
                }
            }
            Log.debug("wove the tracer into " + details.size() + " method(s) of " + dottedName);
            return woven;
        }
        return null;
    }

    private static ClassNode read(ClassReader reader) {
        ClassNode node = new ClassNode();
        boolean old = (reader.readShort(6) & 0xFFFF) < Opcodes.V1_6;
        ClassVisitor visitor = !old ? node : new ClassVisitor(Opcodes.ASM9, node) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                // subroutines (before Java 6) would defeat the analysis: inline them first
                return new JSRInlinerAdapter(super.visitMethod(access, name, descriptor, signature, exceptions), access,
                        name, descriptor, signature, exceptions);
            }
        };
        reader.accept(visitor, ClassReader.EXPAND_FRAMES);
        return node;
    }

    private static int originalLength(List<Instruction> analysis) {
        Instruction last = analysis.get(analysis.size() - 1);
        return last.offset() + 1;
    }

    private static void degrade(Map<String, TracingWeaver.Detail> details, String className, String method,
            String limit) {
        TracingWeaver.Detail detail = details.get(method);
        if (detail == null) {
            return;
        }
        TracingWeaver.Detail less = detail == TracingWeaver.Detail.STACK_AND_LOCALS ? TracingWeaver.Detail.STACK
                : detail == TracingWeaver.Detail.STACK ? TracingWeaver.Detail.INSTRUCTIONS : null;
        if (less == null) {
            details.remove(method);
            Log.warnOnce("trace limit " + className + method, "not tracing " + className + "#" + method
                    + ": even without values it would outgrow " + limit);
        } else {
            details.put(method, less);
            Log.warnOnce("trace detail " + className + method + less, "tracing " + className + "#" + method
                    + " with less detail (" + less.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + "): more would outgrow " + limit);
        }
    }
}
