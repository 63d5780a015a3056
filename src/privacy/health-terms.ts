/**
 * Health vocabulary for `detect-health`, written for this project: conditions, medications, procedures
 * and diagnosis words that say something about a person's health. Lower case, comma-separated.
 * Deliberately specific: words with a common non-medical sense ("aids", "stroke", "depressing", "cold")
 * are left out. `MILD` holds everyday complaints and generic care words, which need stronger context.
 */
const TERMS = `
diabetes, diabetic, asthma, asthmatic, cancer, tumor, tumour, leukemia, leukaemia, lymphoma, melanoma,
carcinoma, chemotherapy, chemo, radiotherapy, hiv, hiv-positive, hepatitis, tuberculosis, pneumonia,
bronchitis, arthritis, osteoporosis, alzheimer, alzheimer's, alzheimers, dementia, parkinson's,
parkinsons, epilepsy, epileptic, seizure, seizures, hypertension, hypotension, high blood pressure,
low blood pressure, high cholesterol, heart attack, heart disease, heart failure, kidney disease,
kidney failure, liver disease, cirrhosis, anorexia, bulimia, eating disorder, schizophrenia,
schizophrenic, bipolar, adhd, autism, autistic, ptsd, ocd, anxiety disorder, panic attack,
panic attacks, depression, clinical depression, sleep apnea, sleep apnoea, anaphylaxis, psoriasis,
lupus, crohn's, crohns, colitis, celiac, coeliac, std, stds, herpes, chlamydia, gonorrhea, syphilis,
miscarriage, infertility, ivf, dialysis, multiple sclerosis, cystic fibrosis, cerebral palsy,
muscular dystrophy, concussion, sepsis, hypothyroidism, hyperthyroidism, anemia, anaemia, hemophilia,
addiction, alcoholism, overdose, suicidal, self-harm, insulin, metformin, lisinopril, atorvastatin,
simvastatin, statins, amoxicillin, prozac, fluoxetine, sertraline, zoloft, citalopram, xanax,
alprazolam, valium, diazepam, adderall, ritalin, methotrexate, warfarin, levothyroxine, omeprazole,
albuterol, antidepressant, antidepressants, opioid, opioids, oxycodone, morphine, hydrocodone,
gabapentin, prednisone, epipen, antiretroviral, methadone, lithium, chemotherapy drugs, misdiagnosed,
prognosis, transplant, biopsy, hospitalized, hospitalised, icu, psychiatrist, oncologist, cardiologist,
mental health
`;

const MILD = `
covid, covid-19, coronavirus, influenza, headaches, migraine, migraines, back pain, stomach pain,
abdominal pain, chest pain, chronic pain, allergy, allergies, allergic, insomnia, fracture, fractured,
broken leg, broken arm, infection, disability, disabled, rehab, ibuprofen, paracetamol, acetaminophen,
antibiotics, antibiotic, inhaler, diagnosis, diagnosed, prescription, prescribed, medication,
medications, symptoms, patient, surgery, operation on my, mri, ct scan, blood test, in hospital,
therapist, sick leave, history of, medical condition, medical history, pregnant, pregnancy, thyroid,
obesity, eczema, physiotherapy
`;

const list = (terms: string): string[] =>
  terms
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);

/** Lower-case terms (single words and phrases) that need a person or a medical context. */
export const HEALTH_TERMS: readonly string[] = list(TERMS);

/** Lower-case everyday complaints and generic care words that need a person and a medical context. */
export const MILD_HEALTH_TERMS: readonly string[] = list(MILD);
