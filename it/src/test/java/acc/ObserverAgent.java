package acc;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A second agent, loaded after Sonde: its transformer sees each class's bytes as the transformers before
 * it left them, so after Sonde stops and retransforms, it sees what the JVM now runs.
 */
public final class ObserverAgent {

    private static final Map<String, byte[]> SEEN = new ConcurrentHashMap<>();

    private ObserverAgent() {}

    public static void premain(String prefix, Instrumentation instrumentation) {
        instrumentation.addTransformer(
                new ClassFileTransformer() {
                    @Override
                    public byte[] transform(
                            ClassLoader loader,
                            String name,
                            Class<?> redefined,
                            ProtectionDomain domain,
                            byte[] bytes) {
                        if (name != null && name.startsWith(prefix)) {
                            SEEN.put(name, bytes.clone());
                        }
                        return null;
                    }
                },
                true);
    }

    /** The bytes last seen of a class (internal name), or null. */
    public static byte[] seen(String internalName) {
        return SEEN.get(internalName);
    }
}
