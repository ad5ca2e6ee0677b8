package io.kumos.gateway.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kumos.gateway.schema.ModelSchema;

class StrategicMergePatchTest {

    private final ObjectMapper json = new ObjectMapper();
    private final StrategicMergePatch patch = new StrategicMergePatch(new ModelSchema(json));

    private JsonNode read(String text) throws Exception {
        return json.readTree(text.replace('\'', '"'));
    }

    private void assertPatch(Class<?> model, String original, String patchText, String expected) throws Exception {
        assertEquals(read(expected), patch.apply(read(original), read(patchText), model));
    }

    @Test
    void listsWithAMergeKeyMergeElementByElement() throws Exception {
        assertPatch(Deployment.class,
                "{'spec':{'template':{'spec':{'containers':[{'name':'main','image':'a','env':[{'name':'A','value':'1'},"
                        + "{'name':'B','value':'2'}]},{'name':'side','image':'s'}]}}}}",
                "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'main'}],"
                        + "'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'C'}],"
                        + "'env':[{'name':'C','value':'3'},{'$patch':'delete','name':'B'}],'image':'b','name':'main'},"
                        + "{'$patch':'delete','name':'side'}]}}}}",
                "{'spec':{'template':{'spec':{'containers':[{'name':'main','image':'b','env':[{'name':'A','value':'1'},"
                        + "{'name':'C','value':'3'}]}]}}}}");
    }

    @Test
    void listsWithoutAMergeKeyAreReplaced() throws Exception {
        assertPatch(Pod.class, "{'spec':{'containers':[{'name':'m','args':['a','b']}]}}",
                "{'spec':{'containers':[{'name':'m','args':['c']}]}}",
                "{'spec':{'containers':[{'name':'m','args':['c']}]}}");
    }

    @Test
    void retainKeysDropsWhatIsNotListed() throws Exception {
        assertPatch(Deployment.class,
                "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
                "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}}",
                "{'spec':{'strategy':{'type':'Recreate'}}}");
    }

    @Test
    void replaceAndPrimitiveListDirectives() throws Exception {
        assertPatch(Pod.class, "{'metadata':{'finalizers':['a','b'],'labels':{'x':'1','y':'2'}}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['c'],"
                        + "'labels':{'$patch':'replace','z':'3'}}}",
                "{'metadata':{'finalizers':['b','c'],'labels':{'z':'3'}}}");
        assertPatch(Pod.class, "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
                "{'spec':{'containers':[{'$patch':'replace'},{'name':'c'}]}}",
                "{'spec':{'containers':[{'name':'c'}]}}");
    }
}
