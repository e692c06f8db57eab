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
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Weaves the tracer into the methods that {@code trace.bytecode} selects (and those {@code --follow}
 * reaches). Each method gets as much detail as fits: stack and locals, then the stack alone, then
 * instructions alone, when more would take it past the 8,000 bytes above which HotSpot never compiles a
 * method (unless it was past them already) or the 64 KiB code limit. A method that no level keeps
 * compilable is traced fully and runs interpreted; one that no level keeps under 64 KiB is left alone,
 * with a warning. Once a class is woven, the trace is told the detail each of its methods got when that
 * is less than asked for or leaves it interpreted, and why (stderr only sums these up, at exit).
 */
public final class TracingTransformer extends WeavingTransformer {

    private final MethodSelection selection;
    private final TraceRecorder recorder;
    private final TypeHierarchy hierarchy = TypeHierarchy.shared();
    private final boolean follow;
    /** Methods woven to follow calls into them, by class: {@code name + descriptor}. */
    private final Map<String, java.util.Set<String>> followed = new java.util.concurrent.ConcurrentHashMap<>();
    /** The latest id of each woven method, by {@code class#name+descriptor}. */
    private final Map<String, Integer> woven = new java.util.concurrent.ConcurrentHashMap<>();
    /** The JVM's limit on the length of a method's code. */
    private static final int MAX_CODE = 65_535;
    /** The detail each method is first tried with. */
    private final TracingWeaver.Detail mostDetail;

    /** @param follow whether invoke instructions hand their receiver to the tracer, to follow calls */
    public TracingTransformer(
            MethodSelection selection, TraceRecorder recorder, Consumer<Module> bridgeReader, boolean follow) {
        this(selection, recorder, bridgeReader, follow, TracingWeaver.Detail.STACK_AND_LOCALS);
    }

    /** As above, trying each method first with {@code mostDetail} rather than with the stack and the locals. */
    TracingTransformer(
            MethodSelection selection,
            TraceRecorder recorder,
            Consumer<Module> bridgeReader,
            boolean follow,
            TracingWeaver.Detail mostDetail) {
        super(bridgeReader, "could not weave the tracer into ");
        this.selection = selection;
        this.recorder = recorder;
        this.follow = follow;
        this.mostDetail = mostDetail;
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
        Map<String, TracingWeaver.Detail> details = new HashMap<>();
        try {
            return weave(loader, dottedName, bytes, details);
        } catch (Exception | LinkageError e) {
            // the class runs unchanged (the base class says so on stderr); the trace says it too
            for (String method : details.keySet()) {
                recorder.notTraced(dottedName + "#" + method, "its class could not be woven: " + e);
            }
            throw e;
        }
    }

    private byte[] weave(ClassLoader loader, String dottedName, byte[] bytes, Map<String, TracingWeaver.Detail> details)
            throws Exception {
        List<ClassScan.ScannedMethod> selected = selection.mayMatchClassNamed(dottedName)
                ? SelectedMethods.of(selection, hierarchy, loader, bytes, dottedName)
                : List.of();
        java.util.Set<String> roots = new java.util.HashSet<>();
        for (ClassScan.ScannedMethod method : selected) {
            roots.add(method.name() + method.descriptor());
            details.put(method.name() + method.descriptor(), mostDetail);
        }
        for (String method : followed.getOrDefault(dottedName, java.util.Set.of())) {
            details.put(method, mostDetail);
        }
        if (details.isEmpty()) {
            return null;
        }
        ClassReader reader = new ClassReader(bytes);
        ClassNode node = read(reader);
        Map<String, Integer> ids = new HashMap<>();
        // said once the class is woven: a class that cannot be woven runs as it was, whatever was chosen
        List<MethodNote> chosen = new java.util.ArrayList<>();
        for (int i = 0; i < node.methods.size(); i++) {
            MethodNode method = node.methods.get(i);
            String key = method.name + method.desc;
            if (details.get(key) == null) {
                continue;
            }
            if (method.instructions.size() == 0) {
                details.remove(key);
                continue;
            }
            MethodNode traced;
            try {
                traced = weave(loader, reader, dottedName, node, method, details, roots.contains(key), ids, chosen);
            } catch (AnalyzerException | RuntimeException e) {
                String reason = "its code could not be analysed or woven: " + e;
                details.remove(key);
                Log.warnOnce(
                        "trace failed " + dottedName + key, "not tracing " + dottedName + "#" + key + ": " + reason);
                recorder.notTraced(dottedName + "#" + key, reason);
                traced = null;
            }
            if (Integer.valueOf(-1).equals(ids.get(key))) {
                return null; // the cap on woven methods: nothing more is woven
            }
            // not traced: as it was (the first attempt may have changed the class's own node)
            node.methods.set(i, traced != null ? traced : read(reader, method.name, method.desc));
        }
        if (details.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        node.accept(writer);
        byte[] woven = writer.toByteArray();
        for (Map.Entry<String, Integer> id : ids.entrySet()) {
            if (details.containsKey(id.getKey())) {
                this.woven.put(dottedName + "#" + id.getKey(), id.getValue());
            }
        }
        for (MethodNote note : chosen) {
            if (recorder.note(note)) {
                Log.debug(note.sentence()); // the trace files say it; stderr only sums them up at exit
            }
        }
        Log.debug("wove the tracer into " + details.size() + " method(s) of " + dottedName);
        return woven;
    }

    /**
     * {@code method}, or a fresh copy of it, woven with the most detail that keeps it within the limits,
     * trying each level on the method alone; null, and no entry in {@code details}, when none does. Puts
     * its id in {@code ids} (-1: the cap on woven methods is reached), and in {@code chosen} what the trace
     * should say when it gets less detail than asked or runs interpreted.
     */
    private MethodNode weave(
            ClassLoader loader,
            ClassReader reader,
            String dottedName,
            ClassNode owner,
            MethodNode method,
            Map<String, TracingWeaver.Detail> details,
            boolean root,
            Map<String, Integer> ids,
            List<MethodNote> chosen)
            throws AnalyzerException {
        String key = method.name + method.desc;
        List<Instruction> analysis = MethodAnalysis.analyze(reader, owner.name, method);
        int originalLength = Bytecode.codeLength(reader, method.name, method.desc);
        boolean interpreted = false;
        // per level of detail, the limit it was last found to outgrow
        String[] outgrew = new String[TracingWeaver.Detail.values().length];
        Integer id = null;
        int attempts = 0;
        while (true) {
            TracingWeaver.Detail detail = details.get(key);
            if (detail == null) {
                return null;
            }
            TracedMethod traced = new TracedMethod(
                    dottedName,
                    method.name,
                    method.desc,
                    (method.access & Opcodes.ACC_STATIC) != 0,
                    analysis,
                    detail,
                    root,
                    new java.lang.ref.WeakReference<>(loader));
            if (id == null) {
                id = recorder.register(traced);
                if (id < 0) {
                    Log.warnOnce(
                            "trace methods cap",
                            "more methods were woven for tracing than " + TraceRecorder.MAX_METHODS + "; " + dottedName
                                    + " and later ones are not traced");
                    recorder.notTraced(
                            dottedName, "more methods were woven for tracing than " + TraceRecorder.MAX_METHODS);
                    ids.put(key, -1);
                    return null;
                }
                ids.put(key, id);
            } else {
                recorder.replace(id, traced); // no code runs with the id before the class is defined
            }
            // the first attempt weaves the class's own node, which most methods need no other; a retry reads it again
            MethodNode copy = attempts++ == 0 ? method : read(reader, method.name, method.desc);
            TracingWeaver.weave(owner.name, copy, id, analysis, detail, follow);
            int[] bounds = Bytecode.codeLengthBounds(copy.instructions);
            int length = bounds[1];
            try {
                if (bounds[0] > MAX_CODE) {
                    throw new MethodTooLargeException(owner.name, method.name, method.desc, bounds[0]);
                }
                if (bounds[1] > MAX_CODE || (bounds[0] <= JIT_LIMIT && bounds[1] > JIT_LIMIT)) {
                    length = codeLength(owner, copy); // too close to a limit to tell without writing it
                }
            } catch (MethodTooLargeException e) {
                outgrew[detail.ordinal()] = MethodNote.CODE_LIMIT;
                degrade(details, dottedName, key);
                continue;
            }
            if (length > JIT_LIMIT && originalLength <= JIT_LIMIT && !interpreted) {
                if (detail == TracingWeaver.Detail.INSTRUCTIONS) {
                    // nothing keeps it compilable: trace it fully, interpreted, rather than not at all
                    interpreted = true;
                    details.put(key, mostDetail);
                } else {
                    outgrew[detail.ordinal()] = MethodNote.JIT_LIMIT;
                    degrade(details, dottedName, key);
                }
                continue;
            }
            if (detail != mostDetail || interpreted) {
                String richerOutgrew = detail == mostDetail ? null : outgrew[detail.ordinal() - 1];
                chosen.add(MethodNote.traced(dottedName + "#" + key, detail, interpreted, richerOutgrew));
            }
            return copy;
        }
    }

    /**
     * The length of a woven method's code, written on its own into a class like its own (a constant may
     * take a byte more in the whole class, where the constant pool is larger).
     */
    private static int codeLength(ClassNode owner, MethodNode method) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(
                owner.version,
                owner.access,
                owner.name,
                null,
                owner.superName,
                owner.interfaces.toArray(new String[0]));
        method.accept(writer);
        writer.visitEnd();
        return Bytecode.codeLength(new ClassReader(writer.toByteArray()), method.name, method.desc);
    }

    private static ClassNode read(ClassReader reader) {
        ClassNode node = new ClassNode();
        reader.accept(reading(node, null, null), ClassReader.EXPAND_FRAMES);
        return node;
    }

    /** One method of the class, read again as {@link #read(ClassReader)} reads it. */
    private static MethodNode read(ClassReader reader, String name, String descriptor) {
        ClassNode node = new ClassNode();
        reader.accept(reading(node, name, descriptor), ClassReader.EXPAND_FRAMES);
        return node.methods.get(0);
    }

    /** Reads into {@code node} every method, or only {@code name + descriptor} when given, inlining subroutines. */
    private static ClassVisitor reading(ClassNode node, String name, String descriptor) {
        return new ClassVisitor(Opcodes.ASM9, node) {
            private boolean inline;

            @Override
            public void visit(
                    int version,
                    int access,
                    String className,
                    String signature,
                    String superName,
                    String[] interfaces) {
                inline = (version & 0xFFFF) < Opcodes.V1_6;
                super.visit(version, access, className, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(
                    int access, String method, String methodDescriptor, String signature, String[] exceptions) {
                if (name != null && !(name.equals(method) && descriptor.equals(methodDescriptor))) {
                    return null; // its code is skipped, not parsed
                }
                MethodVisitor visitor = super.visitMethod(access, method, methodDescriptor, signature, exceptions);
                // subroutines (before Java 6) would defeat the analysis: inline them first
                return inline
                        ? new JSRInlinerAdapter(visitor, access, method, methodDescriptor, signature, exceptions)
                        : visitor;
            }
        };
    }

    /** The next lesser detail for {@code method}; when there is none, it is not traced, and that is said. */
    private void degrade(Map<String, TracingWeaver.Detail> details, String className, String method) {
        TracingWeaver.Detail detail = details.get(method);
        if (detail == null) {
            return;
        }
        TracingWeaver.Detail less = detail == TracingWeaver.Detail.STACK_AND_LOCALS
                ? TracingWeaver.Detail.STACK
                : detail == TracingWeaver.Detail.STACK ? TracingWeaver.Detail.INSTRUCTIONS : null;
        if (less == null) {
            details.remove(method);
            // only the 64 KiB limit leaves a method untraced: past 8,000 bytes it is traced, interpreted
            String reason = "even with instructions only it would outgrow " + MethodNote.CODE_LIMIT;
            Log.warnOnce(
                    "trace limit " + className + method, "not tracing " + className + "#" + method + ": " + reason);
            recorder.notTraced(className + "#" + method, reason);
        } else {
            details.put(method, less);
        }
    }
}
