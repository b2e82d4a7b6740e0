grammar Runnel;

options { caseInsensitive = true; }

// ---------------------------------------------------------------- statements

script
    : SEMI* (statement (SEMI+ statement)*)? SEMI* EOF
    ;

singleStatement
    : statement SEMI* EOF
    ;

singleExpression
    : expression EOF
    ;

statement
    : CREATE STREAM (IF NOT EXISTS)? identifier
        LPAREN tableElement (COMMA tableElement)* RPAREN withClause?            #createStream
    | CREATE TABLE (IF NOT EXISTS)? identifier
        LPAREN tableElement (COMMA tableElement)* RPAREN withClause?            #createTable
    | CREATE VIEW (IF NOT EXISTS)? identifier AS query                         #createView
    | CREATE (OR REPLACE)? MATERIALIZED VIEW (IF NOT EXISTS)? identifier
        AS query                                                               #createMaterializedView
    | CREATE FUNCTION (IF NOT EXISTS)? identifier AS className=string          #createFunction
    | CREATE USER identifier WITH RIGHTS userRight (COMMA userRight)*          #createUser
    | DROP USER (IF EXISTS)? identifier                                        #dropUser
    | GRANT userRight (COMMA userRight)* TO identifier                         #grant
    | REVOKE userRight (COMMA userRight)* FROM identifier                      #revoke
    | SHOW USERS                                                               #showUsers
    | DROP MATERIALIZED? kind=(STREAM | TABLE | VIEW | FUNCTION)
        (IF EXISTS)? qualifiedName                                             #drop
    | SHOW what=(STREAMS | TABLES | VIEWS | QUERIES | FUNCTIONS)               #show
    | (DESCRIBE | DESC) QUERY (identifier | string)                            #describeQuery
    | (DESCRIBE | DESC) identifier                                             #describe
    | INSERT INTO identifier
        (WATERMARK TIMESTAMP string
        | (LPAREN identifier (COMMA identifier)* RPAREN)? query)              #insert
    | EXPLAIN statement                                                        #explain
    | SET key=string EQ value=string                                           #set
    | RESET key=string?                                                        #reset
    | TERMINATE QUERY (identifier | string)                                    #terminate
    | CHECKPOINT (QUERY (identifier | string))?                                #checkpoint
    | query                                                                    #queryStatement
    ;

// a server's right (read, write, manage, admin), checked by name when the statement is built
userRight
    : identifier
    ;

tableElement
    : identifier type                                                          #columnDefinition
    | WATERMARK FOR identifier AS expression                                   #watermarkDefinition
    | PRIMARY KEY LPAREN identifier (COMMA identifier)* RPAREN (NOT ENFORCED)? #primaryKeyDefinition
    ;

withClause
    : WITH LPAREN property (COMMA property)* RPAREN
    ;

property
    : key=string EQ value=string
    ;

type
    : ROW LT rowField (COMMA rowField)* GT notNull?                             #rowType
    | ROW LPAREN rowField (COMMA rowField)* RPAREN notNull?                     #rowType
    | TIMESTAMP (LPAREN INTEGER_VALUE RPAREN)? WITH LOCAL TIME ZONE notNull?    #localZonedTimestampType
    | DOUBLE PRECISION notNull?                                                 #doublePrecisionType
    | typeName (LPAREN INTEGER_VALUE (COMMA INTEGER_VALUE)* RPAREN)? notNull?   #simpleType
    ;

typeName
    : identifier
    | TIMESTAMP
    | DATE
    | DOUBLE
    ;

rowField
    : identifier type
    ;

notNull
    : NOT NULL
    ;

// ---------------------------------------------------------------- queries

query
    : queryTerm                                                                #queryTermDefault
    | left=query UNION ALL? right=queryTerm                                    #union
    ;

queryTerm
    : querySpecification                                                       #selectQuery
    | VALUES valuesRow (COMMA valuesRow)*                                      #valuesQuery
    | LPAREN query RPAREN                                                      #parenthesizedQuery
    ;

valuesRow
    : LPAREN expression (COMMA expression)* RPAREN
    ;

querySpecification
    : SELECT setQuantifier? selectItem (COMMA selectItem)*
      (FROM relation (COMMA relation)*)?
      (WHERE where=expression)?
      (GROUP BY groupBy+=expression (COMMA groupBy+=expression)*)?
      (HAVING having=expression)?
      (ORDER BY sortItem (COMMA sortItem)*)?
      (LIMIT limit=valueExpression)?
      (EMIT CHANGES (EVERY INTERVAL everyValue=string everyUnit=identifier)?)?
    ;

setQuantifier
    : DISTINCT
    | ALL
    ;

selectItem
    : qualifiedName DOT ASTERISK                                               #selectAll
    | ASTERISK                                                                 #selectAll
    | expression (AS? identifier)?                                             #selectSingle
    ;

sortItem
    : expression ordering=(ASC | DESC)? (NULLS nullOrdering=(FIRST | LAST))?
    ;

relation
    : left=relation joinType JOIN right=matchedRelation ON expression          #joinRelation
    | left=relation CROSS JOIN right=matchedRelation                           #crossJoinRelation
    | matchedRelation                                                          #relationDefault
    ;

// a relation, its rows optionally matched against a row pattern
matchedRelation
    : relationPrimary matchRecognize?
    ;

joinType
    : INNER?
    | LEFT OUTER?
    | RIGHT OUTER?
    | FULL OUTER?
    ;

relationPrimary
    : qualifiedName FOR SYSTEM_TIME AS OF asOf=valueExpression
        (AS? identifier)?                                                      #temporalTableName
    | qualifiedName (AS? identifier)?                                          #tableName
    | LPAREN query RPAREN (AS? identifier)?                                    #subqueryRelation
    | TABLE LPAREN identifier LPAREN tableFunctionArgument
        (COMMA tableFunctionArgument)* RPAREN RPAREN (AS? identifier)?         #tableFunctionRelation
    ;

// ---------------------------------------------------------------- row pattern recognition (SQL:2016)
// The clauses are read in any order and checked for SQL's order when the AST is built, so that a clause
// out of place is named as such rather than reported as an unexpected token.

matchRecognize
    : MATCH_RECOGNIZE LPAREN matchClause* RPAREN (AS? identifier)?
    ;

matchClause
    : PARTITION BY expression (COMMA expression)*                              #matchPartitionBy
    | ORDER BY sortItem (COMMA sortItem)*                                      #matchOrderBy
    | MEASURES measure (COMMA measure)*                                        #matchMeasures
    | ONE ROW PER MATCH (WITH TIMEOUTS)?                                       #oneRowPerMatch
    | ALL ROWS PER MATCH (SHOW EMPTY MATCHES | OMIT EMPTY MATCHES | WITH UNMATCHED ROWS)? #allRowsPerMatch
    | AFTER MATCH SKIP_ (PAST LAST ROW
        | TO (NEXT ROW | position=(FIRST | LAST)? variable=identifier))        #matchAfterMatch
    | PATTERN LPAREN rowPattern RPAREN                                         #matchPattern
    | SUBSET subset (COMMA subset)*                                            #matchSubset
    | DEFINE define (COMMA define)*                                            #matchDefine
    | WITHIN INTERVAL string identifier                                        #matchWithin
    ;

measure
    : expression AS identifier
    ;

subset
    : identifier EQ LPAREN identifier (COMMA identifier)* RPAREN
    ;

define
    : identifier AS expression
    ;

// Precedence: a quantifier binds tightest, then concatenation, then alternation.
rowPattern
    : rowPatternTerm (PIPE rowPatternTerm)*
    ;

rowPatternTerm
    : rowPatternFactor+
    ;

rowPatternFactor
    : rowPatternPrimary patternQuantifier?
    ;

// PERMUTE comes before a variable: 'PERMUTE (a, b)' is a permutation, never a variable and a group
rowPatternPrimary
    : PERMUTE LPAREN rowPattern (COMMA rowPattern)* RPAREN                     #patternPermutation
    | identifier                                                               #patternVariable
    | LPAREN rowPattern? RPAREN                                                #patternGroup
    | CARET                                                                    #patternStart
    | DOLLAR                                                                   #patternEnd
    | LBRACE MINUS rowPattern MINUS RBRACE                                     #patternExclusion
    ;

// A bound may carry a sign only so that a negative one is refused by name, not as an unexpected token.
patternQuantifier
    : ASTERISK reluctant=QUESTION?                                             #zeroOrMoreQuantifier
    | PLUS reluctant=QUESTION?                                                 #oneOrMoreQuantifier
    | QUESTION reluctant=QUESTION?                                             #zeroOrOneQuantifier
    | LBRACE exactly=patternBound RBRACE reluctant=QUESTION?                  #exactQuantifier
    | LBRACE min=patternBound? COMMA max=patternBound? RBRACE reluctant=QUESTION? #rangeQuantifier
    ;

patternBound
    : MINUS? INTEGER_VALUE
    ;

tableFunctionArgument
    : TABLE qualifiedName (PARTITION BY identifier (COMMA identifier)*)?       #tableArgument
    | DESCRIPTOR LPAREN identifier (COMMA identifier)* RPAREN                  #descriptorArgument
    | expression                                                               #expressionArgument
    ;

// ---------------------------------------------------------------- expressions
// Precedence follows the order of alternatives: earlier binds tighter.

expression
    : booleanExpression
    ;

booleanExpression
    : NOT booleanExpression                                                    #logicalNot
    | predicated                                                               #predicatedExpression
    | left=booleanExpression AND right=booleanExpression                       #logicalAnd
    | left=booleanExpression OR right=booleanExpression                        #logicalOr
    ;

predicated
    : valueExpression                                                          #plainValue
    | left=valueExpression comparisonOperator right=valueExpression            #comparison
    | value=valueExpression NOT? BETWEEN lower=valueExpression
        AND upper=valueExpression                                              #between
    | value=valueExpression NOT? IN LPAREN query RPAREN                        #inSubquery
    | value=valueExpression NOT? IN LPAREN expression (COMMA expression)* RPAREN #inList
    | value=valueExpression NOT? LIKE pattern=valueExpression
        (ESCAPE escape=valueExpression)?                                       #like
    | value=valueExpression IS NOT? NULL                                       #nullPredicate
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE
    ;

valueExpression
    : primaryExpression                                                        #valueDefault
    | op=(MINUS | PLUS) valueExpression                                        #arithmeticUnary
    | left=valueExpression op=(ASTERISK | SLASH | PERCENT) right=valueExpression #arithmeticBinary
    | left=valueExpression op=(PLUS | MINUS) right=valueExpression             #arithmeticBinary
    | left=valueExpression CONCAT_OP right=valueExpression                     #concatenation
    ;

primaryExpression
    : NULL                                                                     #nullLiteral
    | INTERVAL string identifier                                               #intervalLiteral
    | (TIMESTAMP | DATE) string                                                #typedLiteral
    | number                                                                   #numericLiteral
    | (TRUE | FALSE)                                                           #booleanLiteral
    | string                                                                   #stringLiteral
    | EXISTS LPAREN query RPAREN                                                #exists
    | CASE operand=expression? whenClause+ (ELSE elseExpression=expression)? END #caseExpression
    | CAST LPAREN expression AS type RPAREN                                    #cast
    | EXTRACT LPAREN identifier FROM valueExpression RPAREN                     #extract
    | SUBSTRING LPAREN valueExpression FROM valueExpression
        (FOR valueExpression)? RPAREN                                          #substringFrom
    | POSITION LPAREN valueExpression IN valueExpression RPAREN                #position
    | TRIM LPAREN ((BOTH | LEADING | TRAILING)? FROM)? valueExpression RPAREN  #trim
    | ROW LPAREN expression (COMMA expression)* RPAREN                         #rowConstructor
    | semantics=(RUNNING | FINAL) functionInvocation                           #matchSemantics
    | functionInvocation                                                       #functionInvocationExpression
    | identifier                                                               #columnReference
    | base=primaryExpression DOT fieldName=identifier                          #dereference
    | LPAREN expression RPAREN                                                 #parenthesizedExpression
    ;

functionInvocation
    : functionName LPAREN ASTERISK RPAREN filterClause? overClause?            #functionCallStar
    | functionName LPAREN variable=identifier DOT ASTERISK RPAREN
        filterClause? overClause?                                              #functionCallVariableStar
    | functionName LPAREN (setQuantifier? expression (COMMA expression)*)? RPAREN
        filterClause? overClause?                                              #functionCall
    ;

functionName
    : identifier
    | SUBSTRING
    | POSITION
    | TRIM
    | LEFT
    | RIGHT
    | IF
    ;

filterClause
    : FILTER LPAREN WHERE booleanExpression RPAREN
    ;

overClause
    : OVER LPAREN
        (PARTITION BY partition+=expression (COMMA partition+=expression)*)?
        (ORDER BY sortItem (COMMA sortItem)*)?
        windowFrame?
      RPAREN
    ;

windowFrame
    : frameType=(ROWS | RANGE) BETWEEN frameStart AND CURRENT ROW
    | frameType=(ROWS | RANGE) frameStart
    ;

frameStart
    : UNBOUNDED PRECEDING
    | CURRENT ROW
    | expression PRECEDING
    ;

whenClause
    : WHEN condition=expression THEN result=expression
    ;

qualifiedName
    : identifier (DOT identifier)*
    ;

identifier
    : IDENTIFIER                                                               #unquotedIdentifier
    | nonReserved                                                              #unquotedIdentifier
    | BACKQUOTED_IDENTIFIER                                                    #backQuotedIdentifier
    | QUOTED_IDENTIFIER                                                        #quotedIdentifier
    ;

string
    : STRING
    ;

number
    : INTEGER_VALUE                                                            #integerLiteral
    | DECIMAL_VALUE                                                            #decimalLiteral
    | DOUBLE_VALUE                                                             #doubleLiteral
    ;

nonReserved
    : ASC | CHANGES | DESC | DESCRIBE | DESCRIPTOR | BOTH | EMIT | ENFORCED | EVERY | EXPLAIN | FILTER
    | FUNCTIONS | KEY | LEADING | LOCAL | PARTITION | PRECISION | PRIMARY | QUERIES | QUERY | RESET | SET | SHOW
    | STREAM | STREAMS | TABLES | TERMINATE | TIME | TRAILING | VIEW | VIEWS | WATERMARK | ZONE | DOUBLE
    | CURRENT | PRECEDING | RANGE | ROWS | UNBOUNDED | FUNCTION | MATERIALIZED | REPLACE | CHECKPOINT
    | SYSTEM_TIME | OF | NULLS | FIRST | LAST
    | USER | USERS | RIGHTS | GRANT | REVOKE | TO
    | MATCH_RECOGNIZE | MEASURES | ONE | PER | MATCH | MATCHES | EMPTY | OMIT | UNMATCHED | AFTER | SKIP_ | PAST
    | NEXT | PATTERN | SUBSET | DEFINE | WITHIN | RUNNING | FINAL | PERMUTE | TIMEOUTS
    ;

// ---------------------------------------------------------------- lexer

AFTER: 'AFTER';
ALL: 'ALL';
AND: 'AND';
AS: 'AS';
ASC: 'ASC';
BETWEEN: 'BETWEEN';
BOTH: 'BOTH';
BY: 'BY';
CASE: 'CASE';
CAST: 'CAST';
CHANGES: 'CHANGES';
CHECKPOINT: 'CHECKPOINT';
CREATE: 'CREATE';
CROSS: 'CROSS';
CURRENT: 'CURRENT';
DATE: 'DATE';
DEFINE: 'DEFINE';
DESC: 'DESC';
DESCRIBE: 'DESCRIBE';
DESCRIPTOR: 'DESCRIPTOR';
DISTINCT: 'DISTINCT';
DOUBLE: 'DOUBLE';
DROP: 'DROP';
ELSE: 'ELSE';
EMIT: 'EMIT';
EMPTY: 'EMPTY';
END: 'END';
ENFORCED: 'ENFORCED';
ESCAPE: 'ESCAPE';
EVERY: 'EVERY';
EXISTS: 'EXISTS';
EXPLAIN: 'EXPLAIN';
EXTRACT: 'EXTRACT';
FALSE: 'FALSE';
FILTER: 'FILTER';
FINAL: 'FINAL';
FIRST: 'FIRST';
FOR: 'FOR';
FROM: 'FROM';
FULL: 'FULL';
FUNCTION: 'FUNCTION';
FUNCTIONS: 'FUNCTIONS';
GRANT: 'GRANT';
GROUP: 'GROUP';
HAVING: 'HAVING';
IF: 'IF';
IN: 'IN';
INNER: 'INNER';
INSERT: 'INSERT';
INTERVAL: 'INTERVAL';
INTO: 'INTO';
IS: 'IS';
JOIN: 'JOIN';
KEY: 'KEY';
LAST: 'LAST';
LEADING: 'LEADING';
LEFT: 'LEFT';
LIKE: 'LIKE';
LIMIT: 'LIMIT';
LOCAL: 'LOCAL';
MATCH: 'MATCH';
MATCHES: 'MATCHES';
MATCH_RECOGNIZE: 'MATCH_RECOGNIZE';
MATERIALIZED: 'MATERIALIZED';
MEASURES: 'MEASURES';
NEXT: 'NEXT';
NOT: 'NOT';
NULL: 'NULL';
NULLS: 'NULLS';
OMIT: 'OMIT';
ON: 'ON';
OF: 'OF';
ONE: 'ONE';
OR: 'OR';
ORDER: 'ORDER';
OVER: 'OVER';
OUTER: 'OUTER';
PAST: 'PAST';
PATTERN: 'PATTERN';
PER: 'PER';
PERMUTE: 'PERMUTE';
POSITION: 'POSITION';
PARTITION: 'PARTITION';
PRECEDING: 'PRECEDING';
PRECISION: 'PRECISION';
PRIMARY: 'PRIMARY';
QUERIES: 'QUERIES';
REPLACE: 'REPLACE';
QUERY: 'QUERY';
RANGE: 'RANGE';
RESET: 'RESET';
REVOKE: 'REVOKE';
RIGHT: 'RIGHT';
RIGHTS: 'RIGHTS';
ROW: 'ROW';
ROWS: 'ROWS';
RUNNING: 'RUNNING';
SELECT: 'SELECT';
SET: 'SET';
SHOW: 'SHOW';
SKIP_: 'SKIP';
STREAM: 'STREAM';
STREAMS: 'STREAMS';
SUBSET: 'SUBSET';
SUBSTRING: 'SUBSTRING';
SYSTEM_TIME: 'SYSTEM_TIME';
TABLE: 'TABLE';
TABLES: 'TABLES';
TERMINATE: 'TERMINATE';
THEN: 'THEN';
TIME: 'TIME';
TIMESTAMP: 'TIMESTAMP';
TIMEOUTS: 'TIMEOUTS';
TO: 'TO';
TRAILING: 'TRAILING';
TRIM: 'TRIM';
TRUE: 'TRUE';
UNBOUNDED: 'UNBOUNDED';
UNION: 'UNION';
UNMATCHED: 'UNMATCHED';
USER: 'USER';
USERS: 'USERS';
VALUES: 'VALUES';
VIEW: 'VIEW';
VIEWS: 'VIEWS';
WATERMARK: 'WATERMARK';
WHEN: 'WHEN';
WHERE: 'WHERE';
WITH: 'WITH';
WITHIN: 'WITHIN';
ZONE: 'ZONE';

EQ: '=';
NEQ: '<>' | '!=';
LTE: '<=';
GTE: '>=';
LT: '<';
GT: '>';
PLUS: '+';
MINUS: '-';
ASTERISK: '*';
SLASH: '/';
PERCENT: '%';
CONCAT_OP: '||';
PIPE: '|';
QUESTION: '?';
CARET: '^';
DOLLAR: '$';
LBRACE: '{';
RBRACE: '}';
LPAREN: '(';
RPAREN: ')';
COMMA: ',';
DOT: '.';
SEMI: ';';

STRING
    : '\'' ( ~'\'' | '\'\'' )* '\''
    ;

// a string with no closing quote, reported as such by the parser
UNTERMINATED_STRING
    : '\'' ( ~'\'' | '\'\'' )*
    ;

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ '.' DIGIT*
    | '.' DIGIT+
    ;

DOUBLE_VALUE
    : DIGIT+ ('.' DIGIT*)? EXPONENT
    | '.' DIGIT+ EXPONENT
    ;

IDENTIFIER
    : (LETTER | '_') (LETTER | DIGIT | '_' | '$')*
    ;

BACKQUOTED_IDENTIFIER
    : '`' ( ~'`' | '``' )* '`'
    ;

QUOTED_IDENTIFIER
    : '"' ( ~'"' | '""' )* '"'
    ;

fragment EXPONENT: 'E' [+-]? DIGIT+;
fragment DIGIT: [0-9];
fragment LETTER: [A-Z];

SIMPLE_COMMENT
    : '--' ~[\r\n]* -> channel(HIDDEN)
    ;

BRACKETED_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WS
    : [ \r\n\t]+ -> channel(HIDDEN)
    ;

// any other character, reported by the parser as unexpected
UNRECOGNIZED
    : .
    ;
