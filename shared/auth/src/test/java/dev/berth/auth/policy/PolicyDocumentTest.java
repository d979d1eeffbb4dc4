package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyDocumentTest {

  private static final String SYNTAX = "Syntax errors in policy.";

  private static PolicyDocument parse(String singleQuoted) {
    return PolicyDocument.parse(json(singleQuoted));
  }

  private static String refusal(String singleQuoted) {
    return assertThrows(MalformedPolicyException.class, () -> parse(singleQuoted)).getMessage();
  }

  /** A one-statement 2012-10-17 policy around the given statement members. */
  private static String statement(String members) {
    return "{'Version':'2012-10-17','Statement':{" + members + "}}";
  }

  @Test
  void aStatementMayBeAnObjectOrAList() {
    assertEquals(1, parse(statement("'Effect':'Allow','Action':'ecs:*','Resource':'*'")).statements().size());
    PolicyDocument two = parse("{'Version':'2012-10-17','Statement':["
        + "{'Sid':'One','Effect':'Allow','Action':'ecs:*','Resource':'*'},"
        + "{'Sid':'Two','Effect':'Deny','Action':['ecs:Delete*'],'Resource':['*']}]}");
    assertEquals(2, two.statements().size());
    assertEquals(Effect.DENY, two.statements().get(1).effect());
    assertEquals("Two", two.statements().get(1).sid().orElseThrow());
  }

  @Test
  void bothVersionsAreAccepted() {
    assertEquals(PolicyVersion.V2012_10_17, parse(statement("'Effect':'Allow','Action':'*','Resource':'*'")).version());
    assertEquals(PolicyVersion.V2008_10_17,
        parse("{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}").version());
  }

  @Test
  void aMissingVersionMeans2008() {
    assertEquals(PolicyVersion.V2008_10_17,
        parse("{'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}").version());
  }

  @Test
  void anUnknownVersionIsRefused() {
    assertEquals("Policy document must be version 2012-10-17 or greater.",
        refusal("{'Version':'2020-01-01','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}"));
    assertEquals(SYNTAX, refusal("{'Version':20121017,'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "[]", "'text'", "{'Version':'2012-10-17'}",
      "{'Version':'2012-10-17','Statement':[]}", "{'Version':'2012-10-17','Statement':'x'}",
      "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}} trailing",
      "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}"})
  void unreadableDocumentsAreSyntaxErrors(String document) {
    assertEquals(SYNTAX, refusal(document));
  }

  @Test
  void unknownTopLevelMembersAreRefused() {
    assertEquals(SYNTAX, refusal("{'Version':'2012-10-17','Extra':1,'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}"));
    assertEquals(SYNTAX, refusal("{'version':'2012-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}"));
  }

  @Test
  void anIdIsAccepted() {
    assertEquals(1, parse("{'Version':'2012-10-17','Id':'ops','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}")
        .statements().size());
  }

  @Test
  void unknownStatementMembersAreRefused() {
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':'*','Resource':'*','Actions':'ecs:*'")));
  }

  @Test
  void duplicateMembersAreRefused() {
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Effect':'Deny','Action':'*','Resource':'*'")));
  }

  @Test
  void nullMembersAreRefused() {
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':'*','Resource':'*','Condition':null")));
  }

  @Test
  void principalsAreRefused() {
    assertEquals("Policy document should not specify a principal.",
        refusal(statement("'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'")));
    assertEquals("Policy document should not specify a principal.",
        refusal(statement("'Effect':'Deny','NotPrincipal':{'AWS':'x'},'Action':'*','Resource':'*'")));
  }

  @Test
  void effectMustBeAllowOrDenyAsSpelled() {
    assertEquals(SYNTAX, refusal(statement("'Action':'*','Resource':'*'")));
    assertEquals("Invalid effect: allow", refusal(statement("'Effect':'allow','Action':'*','Resource':'*'")));
    assertEquals("Invalid effect: Permit", refusal(statement("'Effect':'Permit','Action':'*','Resource':'*'")));
  }

  @Test
  void exactlyOneOfActionAndNotAction() {
    assertEquals("Policy statement must contain actions.", refusal(statement("'Effect':'Allow','Resource':'*'")));
    assertEquals("Policy statement must not contain both Action and NotAction.",
        refusal(statement("'Effect':'Allow','Action':'*','NotAction':'ecs:*','Resource':'*'")));
  }

  @Test
  void exactlyOneOfResourceAndNotResource() {
    assertEquals("Policy statement must contain resources.", refusal(statement("'Effect':'Allow','Action':'*'")));
    assertEquals("Policy statement must not contain both Resource and NotResource.",
        refusal(statement("'Effect':'Allow','Action':'*','Resource':'*','NotResource':'*'")));
  }

  @Test
  void actionsAndResourcesAreStringsOrNonEmptyListsOfStrings() {
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':[],'Resource':'*'")));
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':['ecs:*',3],'Resource':'*'")));
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':'*','Resource':{'arn':'*'}")));
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':true,'Resource':'*'")));
  }

  @Test
  void actionsNeedAVendorPrefix() {
    assertEquals("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        refusal(statement("'Effect':'Allow','Action':'RunTask','Resource':'*'")));
    assertEquals("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        refusal(statement("'Effect':'Allow','Action':':RunTask','Resource':'*'")));
  }

  @Test
  void resourcesMustBeArnsOrStar() {
    assertEquals("Resource cluster/prod must be in ARN format or \"*\".",
        refusal(statement("'Effect':'Allow','Action':'ecs:*','Resource':'cluster/prod'")));
  }

  @Test
  void sidsAreAlphanumericAndUnique() {
    assertEquals("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
        refusal(statement("'Sid':'no-dashes','Effect':'Allow','Action':'*','Resource':'*'")));
    assertEquals("Statement IDs (SID) in a single policy must be unique.",
        refusal("{'Version':'2012-10-17','Statement':["
            + "{'Sid':'A1','Effect':'Allow','Action':'*','Resource':'*'},"
            + "{'Sid':'A1','Effect':'Deny','Action':'*','Resource':'*'}]}"));
  }

  @Test
  void conditionsMustBeObjectsOfObjects() {
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':'*','Resource':'*','Condition':'x'")));
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':'x'}")));
    assertEquals(SYNTAX, refusal(statement("'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':{}}")));
    assertEquals(SYNTAX, refusal(statement(
        "'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':{'aws:username':{'a':'b'}}}")));
    assertEquals(SYNTAX, refusal(statement(
        "'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':{'aws:username':[]}}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"StringEqualz", "stringequals", "ForSomeValues:StringEquals", "StringEqualsIfExistsIfExists",
      "NullIfExists", "ForAnyValue:Null", "IfExists", "BinaryEqualsMaybe"})
  void unknownConditionOperatorsAreRefused(String operator) {
    assertEquals("Invalid Condition type : " + operator, refusal(statement(
        "'Effect':'Allow','Action':'*','Resource':'*','Condition':{'" + operator + "':{'aws:username':'a'}}")));
  }

  @Test
  void conditionKeysNeedAVendorPrefix() {
    assertEquals("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", refusal(statement(
        "'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':{'username':'a'}}")));
  }

  @Test
  void conditionValuesAreCheckedForTheirOperator() {
    String prefix = "'Effect':'Allow','Action':'*','Resource':'*','Condition':";
    assertEquals("Invalid value for Numeric condition: ten",
        refusal(statement(prefix + "{'NumericLessThan':{'ecs:task-cpu':'ten'}}")));
    assertEquals("Invalid value for Date condition: yesterday",
        refusal(statement(prefix + "{'DateLessThan':{'aws:CurrentTime':'yesterday'}}")));
    assertEquals("Invalid value for IpAddress condition: 10.0.0.0/33",
        refusal(statement(prefix + "{'IpAddress':{'aws:SourceIp':'10.0.0.0/33'}}")));
    assertEquals("Invalid value for IpAddress condition: example.com",
        refusal(statement(prefix + "{'NotIpAddress':{'aws:SourceIp':'example.com'}}")));
    assertEquals("Invalid value for Bool condition: yes",
        refusal(statement(prefix + "{'Bool':{'aws:SecureTransport':'yes'}}")));
    assertEquals("Invalid value for Null condition: maybe",
        refusal(statement(prefix + "{'Null':{'aws:ResourceTag/env':'maybe'}}")));
    assertEquals("Invalid ARN in condition: cluster/prod",
        refusal(statement(prefix + "{'ArnLike':{'ecs:cluster':'cluster/prod'}}")));
  }

  @Test
  void conditionValuesMayBeNumbersAndBooleans() {
    PolicyDocument p = parse(statement("'Effect':'Allow','Action':'*','Resource':'*','Condition':"
        + "{'NumericLessThanEquals':{'ecs:task-cpu':[256,512.5]},'Bool':{'aws:SecureTransport':true}}"));
    assertEquals(1, p.statements().size());
  }

  @Test
  void nonWhitespaceLengthIgnoresSpacesTabsAndNewlines() {
    String compact = json("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}");
    String spaced = json("{\n  'Version': '2012-10-17',\n\t'Statement': { 'Effect': 'Allow', 'Action': '*', 'Resource': '*' }\n}\n");
    assertEquals(compact.length(), PolicyDocument.parse(compact).nonWhitespaceLength());
    assertEquals(compact.length(), PolicyDocument.parse(spaced).nonWhitespaceLength());
  }
}
