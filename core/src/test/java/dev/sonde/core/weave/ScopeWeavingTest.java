package dev.sonde.core.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.bootstrap.Frames;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.testkit.ClassFiles;
import dev.sonde.testkit.WeavingLoader;
import dev.sonde.testkit.WovenCode;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scopes woven into a library that a child class loader defines, as a program's own loader would: the
 * woven code passes plain values to the bridge, only the outermost scope of a kind counts, and a
 * thread's context can be carried to another thread.
 */
class ScopeWeavingTest {

    private final Recorder recorder = new Recorder(new MethodRegistry(100), 16);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /** Records what it hears; a request kind gives what runs inside it a context of its own. */
    private final class Listening implements ScopeListener {
        private final String name;
        private final boolean opensContext;

        Listening(String name, boolean opensContext) {
            this.name = name;
            this.opensContext = opensContext;
        }

        @Override
        public Object entered(Object value, Object context) {
            events.add(name + " entered " + value + " in " + context);
            return opensContext ? "request " + value : context;
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
            assertTrue(nanos >= selfNanos && selfNanos >= 0, nanos + " " + selfNanos);
            String how = outcome == null
                    ? "normally"
                    : outcome instanceof Throwable
                            ? ((Throwable) outcome).getClass().getSimpleName()
                            : String.valueOf(outcome);
            events.add(name + " exited " + value + " " + how + " in " + context);
        }
    }

    private final int storeKind = recorder.kind(new Listening("store", false));
    private final int requestKind = recorder.kind(new Listening("request", true));
    private final int prepareKind = recorder.kind(new Listening("prepare", false));

    /** Hands on, in place of the argument, a text that says what it was and the context it came in. */
    private final int handKind = recorder.kind(new ScopeListener.HandsOn() {
        @Override
        public Object entered(Object value, Object context) {
            events.add("hand entered " + value + " in " + context);
            return context;
        }

        @Override
        public Object handOn(Object value, Object context) {
            return "handed on: " + value + " in " + context;
        }

        @Override
        public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {}
    });

    @AfterEach
    void uninstall() {
        Bridge.install(null);
    }

    private ScopeTransformer transformer() {
        return new ScopeTransformer(
                List.of(
                        new ScopePoint(selection("scoping.lib.Store#get"), storeKind, ValueCode.argument(0)),
                        new ScopePoint(selection("scoping.lib.Store#lookUp"), storeKind, ValueCode.argument(0)),
                        new ScopePoint(selection("scoping.lib.Store#size"), storeKind, ValueCode.argument(0)),
                        new ScopePoint(selection("scoping.lib.Store#fail"), storeKind, ValueCode.constant("fail")),
                        new ScopePoint(
                                selection("scoping.lib.Store#prepare"), prepareKind, ValueCode.argument(0), true),
                        new ScopePoint(selection("scoping.lib.Store#run"), storeKind, ValueCode.self()),
                        ScopePoint.handingOn(selection("scoping.lib.Store#describe"), handKind, 0)),
                module -> {});
    }

    private static MethodSelection selection(String selector) {
        return MethodSelection.of(List.of(MethodSelector.parse(selector)), List.of());
    }

    private Object store() throws Exception {
        ClassLoader child = WeavingLoader.through(transformer(), getClass().getClassLoader(), "scoping.lib.");
        Object store =
                Class.forName("scoping.lib.Store", true, child).getConstructor().newInstance();
        assertNotSame(getClass().getClassLoader(), store.getClass().getClassLoader(), "a library of a child loader");
        Bridge.install(recorder);
        return store;
    }

    @Test
    void aHandingOnScopeGivesTheMethodWhatItsListenerHandsOnInPlaceOfTheArgument() throws Exception {
        Object store = store();
        java.lang.reflect.Method describe = store.getClass().getMethod("describe", CharSequence.class);

        assertEquals("handed on: plain in null", describe.invoke(store, "plain"));
        Frames frames = recorder.frames();
        Object previous = frames.attach("request 7");
        try {
            assertEquals("handed on: plain in request 7", describe.invoke(store, "plain"));
        } finally {
            frames.detach(previous);
        }
        assertEquals(List.of("hand entered plain in null", "hand entered plain in request 7"), events);

        Bridge.install(null);
        assertEquals("plain", describe.invoke(store, "plain"), "no probe: the argument as it was");
    }

    @Test
    void aLibraryCallIsOneScopeWithItsValueAndTheCallInsideItIsNotAnother() throws Exception {
        Object store = store();
        store.getClass().getMethod("put", String.class, int.class).invoke(store, "k1", 7);

        Object found = store.getClass().getMethod("get", String.class).invoke(store, "k1");
        Object size = store.getClass().getMethod("size", long.class).invoke(store, 10L);

        assertEquals(7, found, "the program's result is unchanged");
        assertEquals(11L, size);
        assertEquals(
                List.of(
                        "store entered k1 in null",
                        "store exited k1 normally in null",
                        "store entered 10 in null",
                        "store exited 10 normally in null"),
                events,
                "lookUp ran inside get: only the outermost scope of a kind is recorded; a long is boxed");
    }

    @Test
    void pointsAddedAsTheirLibrarysFirstClassArrivesWeaveThatClassAlready() throws Exception {
        List<String> arrived = new ArrayList<>();
        ScopeTransformer[] made = new ScopeTransformer[1];
        ScopeTransformer transformer =
                new ScopeTransformer(List.of(), module -> {}, false, new ScopeTransformer.Arrivals() {
                    @Override
                    public void arrived(String internalName) {
                        arrived.add(internalName);
                        if (internalName.equals("scoping/lib/Store")) {
                            made[0].add(List.of(new ScopePoint(
                                    selection("scoping.lib.Store#get"), storeKind, ValueCode.argument(0))));
                        }
                    }

                    @Override
                    public void arrivedBefore(String binaryName) {
                        arrived.add("before " + binaryName);
                    }
                });
        made[0] = transformer;
        assertFalse(transformer.mayWeave("scoping.lib.Store"), "no point yet: nothing to weave");
        ClassLoader child = WeavingLoader.through(transformer, getClass().getClassLoader(), "scoping.lib.");
        Object store =
                Class.forName("scoping.lib.Store", true, child).getConstructor().newInstance();
        Bridge.install(recorder);
        store.getClass().getMethod("put", String.class, int.class).invoke(store, "k1", 7);

        Object found = store.getClass().getMethod("get", String.class).invoke(store, "k1");

        assertEquals(7, found);
        assertTrue(arrived.contains("scoping/lib/Store"), arrived.toString());
        assertEquals(List.of("store entered k1 in null", "store exited k1 normally in null"), events);
        assertTrue(transformer.mayWeave("scoping.lib.Store"));
        assertFalse(transformer.mayWeave("scoping.lib.Other"), "points that name their classes: judged by a look-up");
    }

    @Test
    void pointsThatNameTheirClassesExactlyAreJudgedByNameUntilOneMayMatchOthers() {
        ScopeTransformer transformer = new ScopeTransformer(
                List.of(new ScopePoint(
                        selection("java.util.concurrent.FutureTask#run()"), storeKind, ValueCode.self())),
                module -> {},
                true);
        assertTrue(transformer.mayWeave("java.util.concurrent.FutureTask"));
        assertFalse(transformer.mayWeave("java.util.concurrent.FutureTask$WaitNode"));
        assertFalse(transformer.mayWeave("com.shop.Pool"));

        transformer.add(List.of(new ScopePoint(
                selection("java.util.concurrent.Executor+#execute(Runnable)"), storeKind, ValueCode.argument(0))));

        assertTrue(transformer.mayWeave("com.shop.Pool"), "a subtype of Executor may have any name");
        assertTrue(transformer.mayWeave("java.util.concurrent.FutureTask"));
    }

    @Test
    void aListenerOnEntryIsToldAsTheMethodStartsWithEveryArgumentAndMakesNoScope() throws Exception {
        int onEntry = recorder.kind(new ScopeListener.OnEntry() {
            @Override
            public Object entered(Object value, Object context) {
                events.add("named " + java.util.Arrays.toString((Object[]) value) + " in " + context);
                return "a context it may not give";
            }

            @Override
            public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {
                events.add("never told of an end");
            }
        });
        ScopeTransformer transformer = new ScopeTransformer(
                List.of(
                        new ScopePoint(selection("scoping.lib.Store#get"), requestKind, ValueCode.argument(0)),
                        new ScopePoint(selection("scoping.lib.Store#lookUp"), onEntry, ValueCode.allArguments())),
                module -> {});
        ClassLoader child = WeavingLoader.through(transformer, getClass().getClassLoader(), "scoping.lib.");
        Object store =
                Class.forName("scoping.lib.Store", true, child).getConstructor().newInstance();
        Bridge.install(recorder);
        store.getClass().getMethod("put", String.class, int.class).invoke(store, "k1", 7);

        Object found = store.getClass().getMethod("get", String.class).invoke(store, "k1");

        assertEquals(7, found, "the program's result is unchanged");
        assertEquals(
                List.of(
                        "request entered k1 in null",
                        "named [k1] in request k1",
                        "request exited k1 normally in request k1"),
                events,
                "the call inside the request is told, in the request's context, which it leaves as it was");
    }

    @Test
    void aScopeCanEndWithWhatItsMethodReturnedAndAnotherCarryItsObject() throws Exception {
        Object store = store();

        Object prepared = store.getClass().getMethod("prepare", String.class).invoke(store, "q");
        Object same = store.getClass().getMethod("prepare", String.class).invoke(store, "");
        Object ran = prepared.getClass().getMethod("run").invoke(prepared);

        assertNotSame(store, prepared, "the program's result is unchanged");
        assertSame(store, same);
        assertEquals(0, ran);
        assertEquals(
                List.of(
                        "prepare entered q in null",
                        "prepare exited q " + prepared + " in null",
                        "prepare entered  in null",
                        "prepare exited  " + store + " in null",
                        "store entered " + prepared + " in null",
                        "store exited " + prepared + " normally in null"),
                events,
                "prepare ends with the store it returned; run's value is the object it runs on");
    }

    @Test
    void aThrowableEndsTheScopeAndIsRethrownUntouched() throws Exception {
        Object store = store();

        InvocationTargetException thrown = assertThrows(
                InvocationTargetException.class,
                () -> store.getClass().getMethod("fail", String.class).invoke(store, "planned"));

        assertEquals("planned", thrown.getCause().getMessage());
        assertEquals("scoping.lib.Store", thrown.getCause().getStackTrace()[0].getClassName());
        assertEquals(List.of("store entered fail in null", "store exited fail IllegalStateException in null"), events);
    }

    @Test
    void aContextFollowsWorkHandedToAnotherThread() throws Exception {
        Object store = store();
        Frames frames = Bridge.frames();
        int request = frames.enterScope(requestKind, "GET /cart");
        Object context = frames.context();
        AtomicReference<Object> seenThere = new AtomicReference<>();

        Thread worker = new Thread(() -> {
            Frames there = Bridge.frames();
            Object previous = there.attach(context);
            try {
                seenThere.set(there.context());
                store.getClass().getMethod("get", String.class).invoke(store, "k2");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            } finally {
                there.detach(previous);
            }
            assertEquals(null, there.context(), "given back once the work ends");
        });
        worker.start();
        worker.join();
        frames.exitScope(request, 200);

        assertEquals("request GET /cart", context);
        assertSame(context, seenThere.get());
        assertEquals(null, frames.context(), "the request's scope gave the thread its context back");
        assertEquals(
                List.of(
                        "request entered GET /cart in null",
                        "store entered k2 in request GET /cart",
                        "store exited k2 normally in request GET /cart",
                        "request exited GET /cart 200 in request GET /cart"),
                events);
    }

    @Test
    void aScopeWhoseEndWasNeverReportedIsClosedByTheFrameBeneathIt() {
        Bridge.install(recorder);
        Frames frames = Bridge.frames();
        int request = frames.enterScope(requestKind, "GET /a");
        frames.enterScope(storeKind, "k3"); // its exit never comes

        frames.exitScope(request, null);

        assertEquals(
                List.of(
                        "request entered GET /a in null",
                        "store entered k3 in request GET /a",
                        "store exited k3 abandoned in request GET /a",
                        "request exited GET /a normally in request GET /a"),
                events);
        assertEquals(null, frames.context());
    }

    @Test
    void wovenCodeReachesOnlyTheJdkTheBridgeAndTheLibrarysOwnTypes() throws Exception {
        byte[] original = ClassFiles.bytes(getClass().getClassLoader(), "scoping.lib.Store");

        byte[] woven =
                transformer().transform(null, getClass().getClassLoader(), "scoping/lib/Store", null, null, original);

        assertNotNull(woven);
        assertEquals(Set.of(), WovenCode.typesAddedBeyond(original, woven, "dev/sonde/bootstrap/", "scoping/lib/"));
        assertEquals(
                List.of("get", "lookUp", "size", "prepare", "run", "describe", "fail"),
                WovenCode.methodsCalling(woven, BridgeNames.BRIDGE));
    }
}
