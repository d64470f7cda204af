package synth

import (
	"math/rand/v2"
	"strings"
	"sync"
)

// The generated prose draws its words from one ranked vocabulary: function
// words first (the head of any English text), then the field's own words,
// then a long tail of made-up but pronounceable words, so that the index
// sees a realistic dictionary (a few very common terms, many rare ones).
// Ranks are fixed, not seeded: the committed query set names words by
// their rank and must find the same words in every generated corpus.

var functionWords = strings.Fields(`the of and in to a with was were for that as by on
from at than more between is be their not or this these who also are which
have had but its after over both only among those most when less into`)

// fieldWords are attachment-research words, roughly most frequent first.
var fieldWords = strings.Fields(`attachment security secure adult mothers interview
children insecure infants parents classification state mind childhood
sensitivity sample associated participants adults relationships maternal
coherence parental transmission earned experiences stability higher lower
outcomes measures assessed study group reported risk scores clinical
therapy change patients trauma unresolved dismissing preoccupied
continuous avoidance anxiety avoidant anxious disorganized reflective
functioning mentalization depression symptoms stress regulation emotion
development longitudinal prospective retrospective intergenerational
caregiving caregiver fathers family couples partners romantic marital
adolescents adolescence infancy toddlers preschool early later across
predicted prediction correlation effect effects difference differences
treatment intervention randomized trial control controls follow-up baseline
months years age ages classified classifications coded coders reliability
agreement validity convergent discriminant measure questionnaire
self-report observed observation laboratory home visits narratives narrative
representations working models internal model loss abuse neglect
maltreatment adversity adverse resilience protective support social
psychotherapy psychodynamic mentalizing borderline personality disorder
disorders psychopathology internalizing externalizing behaviour behavior
problems wellbeing distress affect negative positive warmth harsh
discipline parenting sensitive responsive responsiveness insightfulness
organized organization strategies deactivating hyperactivating strategy
idealization derogation involving anger passivity lapses monitoring
reasoning discourse metacognitive vigilance proximity seeking exploration
base haven separation reunion strange situation procedure dyads dyad
mother father child infant toddler adolescent twins siblings grandparents
foster adoptive adoption institutional care placement orphanage
kinship cohort cohorts community low-income high-risk poverty
socioeconomic education ethnicity cultural culture cross-cultural
samples meta-analysis meta-analytic pooled weighted heterogeneity
moderators moderator mediator mediation pathway pathways mechanism
genetic polymorphism cortisol physiological heart rate amygdala neural
imaging brain prefrontal oxytocin temperament reactivity irritability
anxiety-related depressive postpartum pregnancy prenatal perinatal
birth premature preterm weight feeding sleep crying soothing
touch gaze contingent mirroring marked affective attunement repair
rupture alliance therapist sessions outpatient inpatient hospital
partial day program weeks manualized supportive transference-focused
dialectical cognitive behavioural schema emotion-focused group-based
dropout remission recovery relapse suicide self-harm impulsivity
hostility aggression victimization bullying peers friendship school
teachers academic achievement language cognitive executive attention
memory autobiographical recall recollection retrospective coherence
collaboration truthfulness quantity relevance manner maxims Grice
transcripts verbatim scoring scales scale rating ratings dimensions
categorical dimensional taxometric latent class profile profiles
trajectories growth curve multilevel structural equation modelling
regression logistic odds hazard survival variance explained power
replication replicated preregistered open data archival secondary
population representative national registry survey online convenience
university students undergraduates volunteers clinic referred
veterans refugees immigrants prisoners offenders forensic military`)

// syllables build the made-up tail words.
var (
	onsets = strings.Fields(`b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr bl cl fl gl pl sl st sp sc sk sm sn sw th ch sh ph`)
	nuclei = strings.Fields(`a e i o u ai ea ie io ou ua oa ei au`)
	codas  = strings.Fields(`_ _ _ n r s l m t x nd nt st rm rk ct ng ss ll`)
)

const tailWords = 20000

// vocabulary is built when first used, not when the program starts: every
// litkb command links this package (for bench), and building it was 13 ms
// of each start, a server's included.
var vocabulary = sync.OnceValue(buildVocabulary)

func buildVocabulary() []string {
	words := make([]string, 0, len(functionWords)+len(fieldWords)+tailWords)
	seen := map[string]bool{}
	add := func(w string) bool {
		if seen[w] {
			return false
		}
		seen[w] = true
		words = append(words, w)
		return true
	}
	for _, w := range functionWords {
		add(w)
	}
	for _, w := range fieldWords {
		add(strings.ToLower(w))
	}
	// A fixed seed: the tail is the same for every corpus (see above).
	r := rand.New(rand.NewPCG(0x6c69746b, 0x7461696c))
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	for n := 0; n < tailWords; {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(pick(onsets))
			b.WriteString(pick(nuclei))
			if c := pick(codas); c != "_" {
				b.WriteString(c)
			}
		}
		if w := b.String(); len(w) >= 4 && add(w) {
			n++
		}
	}
	return words
}

// Word is the word of the generated vocabulary at rank (0 is the most
// common). The committed query set is written in these words.
func Word(rank int) string { return vocabulary()[rank] }

// VocabularySize is how many distinct words the generated prose uses.
func VocabularySize() int { return len(vocabulary()) }

// phrases recur as units, so phrase queries have something to find.
var phrases = []string{
	"earned security", "attachment security", "state of mind", "maternal sensitivity",
	"reflective functioning", "intergenerational transmission", "transmission gap",
	"emotion regulation", "internal working models", "secure base", "adult attachment",
	"infant attachment", "unresolved loss", "disorganized attachment", "attachment style",
	"romantic relationships", "parental sensitivity", "childhood adversity",
	"attachment anxiety", "attachment avoidance", "borderline personality disorder",
	"depressive symptoms", "coherence of mind", "mentalization-based treatment",
	"test-retest stability", "insecure attachment", "continuous security",
	"caregiving quality", "early childhood", "foster care", "marital quality",
	"social support", "stressful life events", "treatment outcome", "therapeutic alliance",
}

var populations = []string{
	"mothers of infants", "first-time parents", "low-income mothers", "adolescents",
	"young adults", "university students", "couples", "fathers", "adoptive parents",
	"foster carers", "psychiatric outpatients", "inpatients with borderline personality disorder",
	"pregnant women", "older adults", "twins", "adults in psychotherapy", "veterans",
	"mother-infant dyads", "father-child dyads", "community adults", "adults with depression",
	"high-risk families", "preschool children and their mothers", "clinicians",
}

var places = []string{
	"the Netherlands", "the United States", "Germany", "the United Kingdom", "Israel",
	"Italy", "Canada", "Australia", "Japan", "Sweden", "Norway", "Denmark", "Spain",
	"Portugal", "Brazil", "Chile", "South Africa", "Finland", "France", "Switzerland",
	"New Zealand", "Ireland", "Belgium", "Austria", "Korea", "China", "India", "Turkey",
}

var instruments = []string{
	"Adult Attachment Interview", "AAI", "Strange Situation", "SSP", "ECR-R",
	"Experiences in Close Relationships", "Parental Bonding Instrument", "PBI",
	"Reflective Functioning Scale", "ACE questionnaire", "Attachment Q-Sort",
	"Parent Development Interview", "Maternal Behavior Q-Sort", "Relationship Questionnaire",
}

var classes = []string{
	"secure-autonomous", "dismissing", "preoccupied", "unresolved", "earned-secure",
	"continuous-secure", "insecure", "disorganized", "avoidant", "resistant",
}

var familyNames = strings.Fields(`Smith Johnson Müller García Chen Wang Kim Nakamura
Rossi Jensen Nielsen Larsen Andersson Johansson Novak Kowalski Nowak Silva Santos
Oliveira Pereira Costa Fernández López Martínez González Rodríguez Sánchez Pérez
Dubois Moreau Laurent Lefebvre Bernard Schmidt Schneider Fischer Weber Meyer Wagner
Becker Hoffmann Koch Richter Klein Wolf Schröder Neumann Braun Zimmermann Hartmann
Lange Krause Brown Williams Jones Davis Miller Wilson Moore Taylor Anderson Thomas
Jackson White Harris Martin Thompson Robinson Clark Lewis Lee Walker Hall Allen
Young King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts
Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Morris Murphy
Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Gomez Kelly Howard Ward Cox
Diaz Richardson Wood Watson Brooks Bennett Gray James Reyes Cruz Hughes Price
Myers Long Foster Sanders Ross Morales Powell Sullivan Russell Ortiz Jenkins
Gutiérrez Perry Butler Barnes Fisher Henderson Coleman Simmons Patterson Jordan
Reynolds Hamilton Graham Kimura Tanaka Suzuki Watanabe Ito Yamamoto Kobayashi
Sato Takahashi Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Li Zhang Liu Yang
Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song
Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng
Wei Ren Lu Ding Shen Yao Lu Jiang Cui Zhong Tan Lu Wang Fan Jin Shi Liao Jia Xia
Wei Fu Fang Bai Zou Meng Xiong Qin Qiu Hou Jiang Yin Xue Yan Duan Lei Long Li
Shao Hao Kong Mao Qian Dai Kang Gu Mo Pei Rao Cheng Fong Ho Chan Wong Leung
Hesse Main Fonagy Steele Target Bateman Levy Slade Crowell Waters Sroufe Egeland
Roisman Fraley Shaver Mikulincer Hazan Bowlby Ainsworth Bretherton Grossmann
Kobak Dozier Allen Hauser Verhage Schuengel Madigan Lyons-Ruth Jacobvitz Pearson
Cowan Paley Saunders Iyengar Kim Strathearn Fearon Belsky Pasco Zeanah Cassidy`)

var particles = []string{"van", "de", "van der", "von", "da", "di", "ten", "van den"}

var givenNames = strings.Fields(`Anna Maria Peter John Michael David Sarah Laura Emma
Sophie Thomas Daniel James Robert Mary Elizabeth Jennifer Linda Susan Karen Lisa
Nancy Anne Julia Eva Lena Hanna Jonas Lukas Felix Marco Luca Giulia Chiara Paolo
Carlos Ana Lucía Javier Pablo Sofía Camila Mateo Diego Valentina Hiroshi Yuki
Kenji Aiko Min-jun Ji-woo Seo-yeon Wei Ling Mei Jun Hui Xin Priya Arjun Ravi
Ingrid Astrid Lars Nils Erik Karin Mette Jesper Pieter Marinus Marian Glenn
Everett Mary Alan Inge Klaus Jay Howard Ruth Chris Mario Ellen Hanna Sheri Nicole`)

var journals = []string{
	"Attachment & Human Development", "Child Development", "Development and Psychopathology",
	"Journal of Consulting and Clinical Psychology", "Journal of Personality and Social Psychology",
	"Developmental Psychology", "Infant Mental Health Journal", "Psychological Bulletin",
	"Journal of Family Psychology", "Journal of Child Psychology and Psychiatry",
	"Psychotherapy Research", "American Journal of Psychiatry", "Journal of Personality Disorders",
	"Personal Relationships", "Journal of Social and Personal Relationships",
	"Infant Behavior and Development", "Frontiers in Psychology", "PLOS ONE",
	"Journal of Abnormal Psychology", "Clinical Psychology Review", "Psychological Medicine",
	"Child Abuse & Neglect", "Journal of Adolescence", "Social Development",
	"Journal of the American Psychoanalytic Association", "Psychoanalytic Psychology",
	"European Journal of Developmental Psychology", "British Journal of Psychiatry",
	"Monographs of the Society for Research in Child Development", "Emotion",
	"Journal of Research in Personality", "Personality and Individual Differences",
	"Developmental Science", "Child Maltreatment", "Journal of Traumatic Stress",
	"Psychoneuroendocrinology", "Biological Psychiatry", "Family Process",
	"Journal of Marriage and Family", "Attachment", "Bulletin of the Menninger Clinic",
	"Comprehensive Psychiatry", "Journal of Affective Disorders", "Archives of Women's Mental Health",
}

var universities = []string{
	"University of Minnesota", "Leiden University", "University College London",
	"University of California, Berkeley", "University of Amsterdam", "Columbia University",
	"University of Toronto", "Hebrew University of Jerusalem", "University of Melbourne",
	"University of Regensburg", "University of Padua", "Stockholm University",
}

var publishers = []string{
	"Guilford Press", "Routledge", "Oxford University Press", "Cambridge University Press",
	"Lawrence Erlbaum", "American Psychological Association", "Springer", "Wiley", "Karnac",
}
