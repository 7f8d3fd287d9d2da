package dev.citadel.boot.launch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Defines classes and serves resources from jars held in memory, in class-path order. Its parent is the platform
 * class loader, so only the JDK is found outside the given jars: classes on the launcher's own class path (the
 * {@code citadel} jar, which holds copies of the SPE's classes) are never used in place of the verified bytes.
 * Resources have {@code citadel-mem:} URLs that read from the same memory.
 */
final class MemoryClassLoader extends ClassLoader {
    static final String PROTOCOL = "citadel-mem";

    static {
        registerAsParallelCapable();
    }

    private final List<MemoryJar> jars;
    private final List<ProtectionDomain> domains = new ArrayList<>();
    private final URLStreamHandler handler = new Handler();

    MemoryClassLoader(List<MemoryJar> jars) {
        super("citadel-memory", ClassLoader.getPlatformClassLoader());
        this.jars = List.copyOf(jars);
        for (int i = 0; i < jars.size(); i++) {
            domains.add(new ProtectionDomain(new CodeSource(url(i, ""), (Certificate[]) null), null, this, null));
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/') + ".class";
        for (int i = 0; i < jars.size(); i++) {
            byte[] b = jars.get(i).entry(path);
            if (b != null) {
                return defineClass(name, b, 0, b.length, domains.get(i));
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (int i = 0; i < jars.size(); i++) {
            if (jars.get(i).has(name)) {
                return url(i, name);
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        List<URL> found = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            if (jars.get(i).has(name)) {
                found.add(url(i, name));
            }
        }
        return Collections.enumeration(found);
    }

    /** No native code is admitted: it would not be covered by the manifest. */
    @Override
    protected String findLibrary(String libname) {
        return null;
    }

    private URL url(int jar, String entry) {
        try {
            return new URL(PROTOCOL, null, -1, "/" + jar + "/" + jars.get(jar).name() + "!/" + entry, handler);
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a citadel-mem URL is always well formed", e);
        }
    }

    /** Opens {@code citadel-mem:/<jar index>/<jar name>!/<entry>} from the loader's memory. */
    private final class Handler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL u) throws IOException {
            String file = u.getFile();
            int slash = file.indexOf('/', 1);
            int bang = file.indexOf("!/");
            byte[] b = null;
            if (slash > 1 && bang > slash) {
                try {
                    int jar = Integer.parseInt(file.substring(1, slash));
                    if (jar >= 0 && jar < jars.size()) {
                        b = jars.get(jar).entry(file.substring(bang + 2));
                    }
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
            if (b == null) {
                throw new IOException("no such in-memory resource: " + u);
            }
            byte[] bytes = b;
            return new URLConnection(u) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() {
                    return new ByteArrayInputStream(bytes);
                }

                @Override
                public long getContentLengthLong() {
                    return bytes.length;
                }
            };
        }
    }
}
