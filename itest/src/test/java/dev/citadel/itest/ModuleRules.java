package dev.citadel.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * DESIGN.md rule 1 ("two worlds"), checked on the build's own files: the module graph declared in the POMs, and the
 * class references compiled into each module.
 */
final class ModuleRules {
    private ModuleRules() {}

    /** Modules of the non-secure world, and the relying party's verifier: none may reach the secure side. */
    static final Set<String> NS_SIDE = Set.of("ns", "nsapp", "pkcs11", "jca", "mqtt", "ota", "verifier");
    /** Modules NS code must never reach. */
    static final Set<String> SECURE_SIDE = Set.of("spe", "hal", "boot");
    /** Modules the SPE must never reach. */
    static final Set<String> SPE_FORBIDDEN = Set.of("ns", "nsapp", "pkcs11", "jca", "mqtt", "ota", "cli");

    /** The project's modules and their direct dependencies on other project modules, any scope. */
    static Map<String, Set<String>> moduleGraph(Path root) throws Exception {
        Document parent = parse(root.resolve("pom.xml"));
        String group = text(parent.getDocumentElement(), "groupId");
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String m = modules.item(i).getTextContent().trim();
            Document pom = parse(root.resolve(m).resolve("pom.xml"));
            Set<String> deps = new LinkedHashSet<>();
            NodeList ds = pom.getElementsByTagName("dependency");
            for (int j = 0; j < ds.getLength(); j++) {
                Element d = (Element) ds.item(j);
                if (group.equals(text(d, "groupId"))) {
                    deps.add(text(d, "artifactId"));
                }
            }
            graph.put(m, deps);
        }
        return graph;
    }

    /** Violations of rule 1 in a module graph; empty when it holds. */
    static List<String> graphViolations(Map<String, Set<String>> graph) {
        List<String> bad = new ArrayList<>();
        for (String m : graph.keySet()) {
            Set<String> reach = closure(graph, m);
            if (NS_SIDE.contains(m)) {
                for (String r : reach) {
                    if (SECURE_SIDE.contains(r)) {
                        bad.add(m + " depends on " + r);
                    }
                }
            }
            if (m.equals("spe")) {
                for (String r : reach) {
                    if (SPE_FORBIDDEN.contains(r)) {
                        bad.add("spe depends on " + r);
                    }
                }
            }
        }
        return bad;
    }

    static Set<String> closure(Map<String, Set<String>> graph, String start) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(graph.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String m = todo.pop();
            if (seen.add(m)) {
                todo.addAll(graph.getOrDefault(m, Set.of()));
            }
        }
        return seen;
    }

    /** Compiled classes under {@code classes} that name a package of {@code forbidden} modules. */
    static List<String> classViolations(Path classes, Set<String> forbiddenModules) throws IOException {
        List<String> bad = new ArrayList<>();
        if (!Files.isDirectory(classes)) {
            return bad;
        }
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class"))::iterator) {
                // Class names sit in the constant pool as modified UTF-8, which equals ASCII for these names.
                String pool = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (String m : forbiddenModules) {
                    if (pool.contains("dev/citadel/" + m + "/")) {
                        bad.add(classes.relativize(p) + " references dev.citadel." + m);
                    }
                }
            }
        }
        return bad;
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    private static String text(Element e, String child) {
        NodeList l = e.getElementsByTagName(child);
        for (int i = 0; i < l.getLength(); i++) {
            if (l.item(i).getParentNode() == e) {
                return l.item(i).getTextContent().trim();
            }
        }
        return "";
    }
}
