package dev.sonde.tracer;

import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.selector.MethodSelection;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Follows a call out of a traced method: finds the method the JVM will run (for a virtual or interface
 * call, from the receiver's runtime class; for invokedynamic, the lambda's body) and, the first time,
 * retransforms its class so that the tracer is woven into it, before the call happens. Says why when
 * a callee cannot be traced: native, abstract, in a hidden class, or a class the tracer relies on.
 * Answers are cached per call site and receiver class, at most {@value #CACHE} of them.
 */
final class CallFollower implements TraceRecorder.Follower {

    static final int CACHE = 10_000;
    /** A lambda reached through its hidden class: nothing to say, nothing to expect. */
    private static final String LAMBDA = "";
    /** A call whose receiver is not recorded: said once for its call site, nothing to say after that. */
    private static final String SAID = "said";

    private final FeatureContext context;
    private final TracingTransformer transformer;
    private final Map<String, Object> answers = new ConcurrentHashMap<>();

    CallFollower(FeatureContext context, TracingTransformer transformer) {
        this.context = context;
        this.transformer = transformer;
    }

    @Override
    public Object follow(TracedMethod caller, Instruction.Call call, Object receiver) {
        if (call == null) {
            return null;
        }
        String site = caller + "@" + System.identityHashCode(call) + "/"
                + (receiver == null
                        ? ""
                        : receiver.getClass().getName() + "@" + System.identityHashCode(receiver.getClass()));
        Object known = answers.get(site);
        if (known == null) {
            known = resolve(caller, call, receiver);
            if (answers.size() >= CACHE) {
                answers.clear();
            }
            if (known instanceof String && ((String) known).endsWith(RECEIVER_UNKNOWN)) {
                // the same on every call: once for the call site is enough, however often its class is woven again
                answers.put(site, SAID);
                return answers.putIfAbsent(caller + "@" + offset(caller, call), SAID) == null ? known : null;
            }
            answers.put(site, known);
        }
        if (known instanceof Callee) {
            // its class may have been woven again since (to follow another of its methods): ask for the current id
            Callee callee = (Callee) known;
            Integer id = transformer.wovenId(callee.className, callee.method);
            return id != null ? id : callee.className + "#" + callee.method + ": could not be woven";
        }
        return known == LAMBDA || known == SAID ? null : known;
    }

    /** Why a virtual or interface call out of a method traced with instructions only is not followed. */
    static final String RECEIVER_UNKNOWN = ": the receiver, whose class decides the method called, is not known:"
            + " the caller is traced without its operand stack (said for the first call from this site only)";

    /** A callee woven for tracing. */
    private static final class Callee {
        final String className;
        final String method;

        Callee(String className, String method) {
            this.className = className;
            this.method = method;
        }
    }

    private Object resolve(TracedMethod caller, Instruction.Call call, Object receiver) {
        if (call.owner() == null) {
            return "invokedynamic " + call.name() + call.descriptor() + ": no Java method behind it";
        }
        String named = call.owner().replace('/', '.') + "#" + call.name() + call.descriptor();
        Class<?> start;
        try {
            if (receiver != null && call.virtual()) {
                start = receiver.getClass();
            } else {
                ClassLoader loader =
                        caller.loader() == null ? null : caller.loader().get();
                start = Class.forName(call.owner().replace('/', '.'), false, loader);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return named + ": its class cannot be found (" + e + ")";
        }
        if (start.isArray()) {
            return named + ": a method of an array";
        }
        Executable target =
                find(start, call.name(), call.descriptor(), call.virtual() || call.opcode() == Opcodes.INVOKESTATIC);
        if (receiver == null && call.virtual()) {
            if (caller.detail() != TracingWeaver.Detail.INSTRUCTIONS) {
                return named + ": the receiver is null"; // the call throws a NullPointerException
            }
            if (target == null || !calledWhateverTheReceiver(start, target)) {
                return named + RECEIVER_UNKNOWN; // the receiver was not handed over, which need not mean null
            }
        }
        if (target == null) {
            return named + ": not found from " + start.getName();
        }
        Class<?> owner = target.getDeclaringClass();
        String callee = owner.getName() + "#" + call.name() + call.descriptor();
        int modifiers = target.getModifiers();
        if (Modifier.isNative(modifiers)) {
            return callee + ": native";
        }
        if (Modifier.isAbstract(modifiers)) {
            return callee + ": abstract";
        }
        if (owner.isHidden()) {
            // a lambda's class: its body was woven when the traced code created the lambda
            return owner.getName().contains("$$Lambda") ? LAMBDA : callee + ": in a hidden class";
        }
        if (owner.getName().startsWith("dev.sonde.") || MethodSelection.isNeverWoven(owner.getName())) {
            return callee + ": the tracer itself relies on " + owner.getName();
        }
        if (!context.isModifiable(owner)) {
            return callee + ": its class cannot be changed";
        }
        String method = call.name() + call.descriptor();
        Integer id = transformer.wovenId(owner.getName(), method);
        if (id == null) {
            transformer.follow(owner.getName(), method);
            try {
                context.retransform(owner);
            } catch (Exception | LinkageError e) {
                return callee + ": could not be woven (" + e + ")";
            }
            id = transformer.wovenId(owner.getName(), method);
            if (id == null) {
                return callee + ": could not be woven";
            }
        }
        return call.opcode() == Opcodes.INVOKEDYNAMIC ? LAMBDA : new Callee(owner.getName(), method);
    }

    /** The bytecode offset of the instruction that makes {@code call}, the same in every weaving of its method. */
    private static int offset(TracedMethod caller, Instruction.Call call) {
        for (Instruction instruction : caller.instructions()) {
            if (instruction.call() == call) {
                return instruction.offset();
            }
        }
        return -1 - System.identityHashCode(call);
    }

    /** Whether {@code target}, found from the class a call names, is what the call runs whatever the receiver. */
    private static boolean calledWhateverTheReceiver(Class<?> named, Executable target) {
        return Modifier.isFinal(named.getModifiers())
                || Modifier.isFinal(target.getModifiers())
                || Modifier.isPrivate(target.getModifiers());
    }

    /** The method or constructor that the call runs, searching up from {@code type} when it is inherited. */
    private static Executable find(Class<?> type, String name, String descriptor, boolean inherited) {
        if (name.equals("<init>")) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Type.getConstructorDescriptor(constructor).equals(descriptor)) {
                    return constructor;
                }
            }
            return null;
        }
        Deque<Class<?>> interfaces = new ArrayDeque<>();
        for (Class<?> current = type; current != null; current = inherited ? current.getSuperclass() : null) {
            Method found = declared(current, name, descriptor);
            if (found != null && !Modifier.isAbstract(found.getModifiers())) {
                return found;
            }
            if (found != null && !inherited) {
                return found;
            }
            for (Class<?> each : current.getInterfaces()) {
                interfaces.add(each);
            }
        }
        Method abstractOne = null;
        while (!interfaces.isEmpty()) {
            Class<?> each = interfaces.poll();
            Method found = declared(each, name, descriptor);
            if (found != null && !Modifier.isAbstract(found.getModifiers())) {
                return found; // a default method
            }
            if (found != null && abstractOne == null) {
                abstractOne = found;
            }
            for (Class<?> parent : each.getInterfaces()) {
                interfaces.add(parent);
            }
        }
        return abstractOne;
    }

    private static Method declared(Class<?> type, String name, String descriptor) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name)
                    && Type.getMethodDescriptor(method).equals(descriptor)) {
                return method;
            }
        }
        return null;
    }
}
