/**
 * Common given names across many languages, lower case, compiled for this project (no external list).
 * Used by `detect-person` as evidence that a capitalised word is a person's name. Names that are also
 * everyday words or places are in `AMBIGUOUS_NAMES` and need more evidence (a cue or a surname).
 */
const NAMES = `
aaron abbie abby abdul abdullah abel abigail abraham ada adam adan addison adela adele adeline adil adrian adriana
adrienne agata agatha agnes agnieszka ahmad ahmed aidan aiden aileen aimee aisha akira alan alana alba albert alberta
alberto albin alec alejandra alejandro aleksander aleksandra alessandra alessandro alessia alex alexa alexander
alexandra alexandre alexandru alexei alexis alfie alfonso alfred alfredo ali alice alicia alina alison alistair alla
allan allison alma alois alvaro alyssa amal amanda amber amelia amelie amir amira amy ana anastasia anatoli anders
andre andrea andreas andrei andres andrew andrey andrzej andy aneta angel angela angelica angelika angelina angelo
angus anika anita ann anna annabel annabelle anne anneli annette annie ansgar anthony anton antonia antonio antoine
anya arash archie ari ariana ariel arjun arnaud arne arnold aron arthur arturo arvid asha ashley ashton astrid
audrey august augusto aurora austin ava avery axel ayesha aylin baptiste barbara barbora barry bart bartosz basil
beata beatrice beatriz becky belinda bella ben benedict benjamin benoit bernadette bernard bernd bert berta bertrand
beth bethany betty beverly bianca birgit bjorn björn blake blanca bo bob bobby bogdan boris brad bradley brandi
brandon brandy brenda brendan brett brian briana brianna bridget britney brittany brittney bruce bruno bryan bryce
caitlin caleb callum cameron camila camille candice cara carina carl carla carlo carlos carmen carol carole caroline
carolyn carsten casey cassandra catalina caterina catherine cathy cecilia cedric celia celine cesar chad chantal
charlene charles charlie charlotte chelsea cheryl chiara chloe chris christa christian christiane christina christine
christoph christophe christopher cindy claire clara clarence clarissa claude claudia claudio clemens clement cody
colin connor constance constantin corey corinne cornelia courtney craig cristian cristina crystal cynthia dag
dagmar daisy dale damian damien dan dana daniel daniela daniele danielle danny dante daria dario darius
darko darren darryl dave david dawid dean debbie deborah debra declan deepak deirdre denis denise dennis derek
desiree destiny diana diane diego dieter dimitri dimitris dina dirk dmitri dmitry dominic dominik dominika dominique
don donald donna doris dorothy douglas duncan dustin dylan ebony ed eddie edgar edith edmund eduardo edward edwin
egon eileen elaine elena eleni eleanor eli elias elif elijah elin elisa elisabeth elise eliza elizabeth ella ellen
ellie elliot elsa elsie emil emilia emilie emilio emily emine emma emmanuel enrico enrique eric erica erik erika
erin ernest ernesto ernst esteban estelle esther ethan etienne eugene eva evan evelyn ewa ewan fabian fabio
fabrizio faisal farah farid fatima federico felicity felipe felix fernanda fernando filip filippo finn fiona flora
florian frances francesca francesco francis francisco franco francois françois frank franz fred freddie frederick
frederik freya frida fritz gabriel gabriela gabriele gabriella gabrielle gail gareth garry gary gavin gemma gene
geoffrey georg george georgia georgina gerald gerard gerhard gianluca gianni gilbert gillian gina giorgio giovanni
gisela giulia giuseppe gladys glen glenn gloria gonzalo gordon graham grant greg gregor gregory greta gretchen
guadalupe guido guillaume guillermo gunnar gustav gustavo gwen gwendolyn hailey hakan hamid hamza hana hannah hannes
hans harald harold harriet harrison harry harvey hassan hayden heather hector heidi heike helen helena helga henri
henrik henry herbert herman hilda hiroshi holly howard hugo hunter iain ian ibrahim ida igor ilse ilya imogen
ines inga inge ingrid irene irina iris isaac isabel isabella isabelle isla ismael ivan ivana ivy jacek jack
jackie jackson jacob jacqueline jade jaime jake jakob jakub james jamie jan jana jane janet janice janine jared
jaroslav jasmin jasmine jason javier jay jayden jean jeanette jeanne jeff jeffrey jelena jennifer jenny jens
jeremy jerome jerry jesper jesse jessica jesus jill jim jimmy jiri jo joan joana joanna joao joaquin jocelyn jodie
joe joel johan johanna johannes john johnny jon jonas jonathan jordi jorge jose josef joseph josephine josh joshua
josé joyce juan juanita judith judy julia julian juliana julie julien julio julius jurgen justin justine kai
kaitlyn kamil karen kari karin karina karl karla karolina kasia kasper kate katarina katarzyna katharina
katherine kathleen kathryn kathy katie katja katrin kay kayla kaylee keith kelly ken kenneth kenji kerry kevin
khalid kim kimberly kirsten klaus konrad krisztina kristen kristi kristian kristin kristina kristof krzysztof
kurt kyle lana lara larry lars laura lauren laurence laurent lea leah leandro lee leila lena leo leon leonard
leonardo leonie leslie liam lidia lila lillian lily lina linda lindsay lindsey lisa liz lizzie lloyd logan lois
lola lorena lorenzo lori lorraine louis louisa louise luc luca lucas lucia luciano lucy luis luisa lukas luke
luna lydia lynn madeleine madison magda magdalena maggie magnus mahmoud maja malcolm manon manuel manuela
marc marcel marcela marcello marco marcus margaret margarita margit maria mariam marian mariana marianne marie
marina mario marion marisa marius marjorie marko marlene marta martha martin martina marvin mary maryam mateo
mathias mathilde matilda matteo matthew matthias mattias maureen maurice mauricio max maxim maxime maximilian maya
megan mehmet melanie melissa melvin mercedes meredith mia micha michael michaela michal michel michele michelle
miguel mikael mikhail mikkel milan milena miles milos mira miriam mirko mitchell mohamed mohammad mohammed monica
monika morgan moritz muhammad murat mustafa nadia nadine nancy naomi natalia natalie natasha nathan
nathalie neil nelson nicholas nick nicola nicolas nicole niels nikita nikola nikolai nikolaos nils nina noah noel
noemi nora norbert norma norman nuno olaf oleg olga oliver olivia omar oscar oskar otto owen pablo paige pamela
paola paolo pascal patricia patrick patrik paul paula paulina pauline pavel pawel pedro peggy penelope per
petr petra petter philip philipp philippe phillip phoebe pierre pietro piotr priscilla rachel rafael rafaela
raffaele rahul raimund rainer ralph ramon randall randy raphael raquel rasmus raul rebecca reginald regina reinhard
rene renee ricardo riccardo richard rick ricky rita robert roberta roberto robin rodney rodrigo roger roland
rolf roman ronald rosa rosalind rosemary ross ruben rudolf rui russell ruth ryan sabina sabine sabrina sadie sally
salvatore samantha samir samuel sandra sandro sanjay sara sarah sascha sasha scott sean sebastian sebastien
selma serena sergei sergey sergio seth shannon sharon shawn sheila shirley siddharth sidney siegfried sigrid silvia
simon simona simone sofia sofie sonia sonja sophia sophie stacy stanislav stefan stefania stefano stella stephan
stephanie stephen steve steven stuart susan susanne suzanne svein sven svetlana sylvia sylvie tamara tanja tanya
tara tatiana ted teresa terrence terry thea theo theodore theresa thierry thomas thorsten tiago tiffany tim timo
timothy tina tobias todd tom tomas tomasz toni tony tracy travis trevor tristan troy tyler ulrich ulrike ursula
uwe valentina valentin valeria valerie vanessa vasily vera veronica veronika vicente victor
victoria vijay viktor viktoria vincent vincenzo viola violet virginia vitor vivian vladimir walter wanda wayne
wendy werner wesley whitney wilhelm william willem wojciech wolfgang xavier yannick yasmin yolanda yusuf yuki
yulia yuri yvonne zachary zara zoe zofia zoran
`;

/** Given names (lower case). */
export const FIRST_NAMES: ReadonlySet<string> = new Set(NAMES.split(/\s+/).filter((n) => n.length > 0));

/** Names that are also common words, places or months: only counted with a cue or a following surname. */
export const AMBIGUOUS_NAMES: ReadonlySet<string> = new Set(
  (
    'will mark may bill grace hope rose june april joy faith summer dawn eve art guy pat sue ray jack august jan ' +
    'georgia virginia chelsea jordan austin florence lincoln sidney victoria charlotte paris carmen dean frank ' +
    'king earl miles gene lee max kay jay don ken jo per bo lily ivy iris violet flora luna aurora crystal ' +
    'destiny amber angel page paige hunter chase grant carol holly daisy penny ruby sky storm roman christian'
  ).split(' '),
);
